package io.storageconsole.testing;

import com.github.mvysny.fakeservlet.FakeRequest;
import com.github.mvysny.kaributesting.v10.MockVaadin;
import com.github.mvysny.kaributesting.v10.Routes;
import com.github.mvysny.kaributesting.v10.spring.MockSpringServlet;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.server.VaadinSession;
import io.storageconsole.base.ui.BrowserZone;
import java.time.ZoneId;
import io.storageconsole.security.SignedInAccount;
import java.security.Principal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Server-side UI tests: Karibu drives the real views and services without a browser. The fake
 * request reports the Spring Security user, so Vaadin's access control decides as in production.
 */
public abstract class KaribuTest extends IntegrationTest {

    private static final Routes ROUTES = routes();

    /** Our own views, with our access-denied and not-found pages instead of Karibu's throwing stand-ins. */
    private static Routes routes() {
        Routes routes = new Routes().autoDiscoverViews("io.storageconsole");
        routes.getErrorRoutes().remove(com.github.mvysny.kaributesting.v10.MockRouteAccessDeniedError.class);
        routes.getErrorRoutes().remove(com.github.mvysny.kaributesting.v10.MockRouteNotFoundError.class);
        return routes;
    }

    @Autowired
    private ApplicationContext context;

    @BeforeEach
    void setUpVaadin() {
        MockVaadin.setMockRequestFactory(session -> {
            FakeRequest request = new FakeRequest(session) {
                @Override
                public Principal getUserPrincipal() {
                    Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
                    return authentication == null || authentication instanceof AnonymousAuthenticationToken
                            ? null : authentication;
                }
            };
            request.setUserInRole((principal, role) -> principal instanceof Authentication authentication
                    && authentication.getAuthorities().stream()
                    .anyMatch(granted -> granted.getAuthority().equals("ROLE_" + role)));
            // As Spring's request context filter does for a real request: services see this browser.
            RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(request));
            return request;
        });
        MockVaadin.setup(UI::new, new MockSpringServlet(ROUTES, context, UI::new));
        // A browser in UTC, as the tests' expected times are written (Karibu's stand-in names another zone).
        BrowserZone.remember(VaadinSession.getCurrent(), ZoneId.of("UTC"));
    }

    @AfterEach
    void tearDownVaadin() {
        MockVaadin.tearDown();
        MockVaadin.setMockRequestFactory(FakeRequest::new);
    }

    /** Signs the account in and opens a fresh UI, as after a page load. */
    protected void signIn(SignedInAccount account) {
        TestAccounts.signIn(account);
        UI.getCurrent().getPage().reload();
    }
}
