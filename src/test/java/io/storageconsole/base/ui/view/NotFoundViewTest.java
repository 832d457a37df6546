package io.storageconsole.base.ui.view;

import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.router.Location;
import com.vaadin.flow.router.NavigationTrigger;
import io.storageconsole.base.ui.MainLayout;
import io.storageconsole.security.SignedInAccount;
import io.storageconsole.testing.KaribuTest;
import org.junit.jupiter.api.Test;

class NotFoundViewTest extends KaribuTest {

    @Test
    void an_unknown_address_shows_page_not_found_inside_the_console_frame_with_a_way_back() {
        SignedInAccount root = testAccounts.newOrganization();
        signIn(root);

        openAsTyped("no-such-page/at/all");
        System.out.println("DIAG at " + UI.getCurrent().getInternals().getActiveViewLocation().getPath() + " " + UI.getCurrent().getInternals().getActiveRouterTargetsChain());

        NotFoundView view = _get(NotFoundView.class);
        assertThat(_get(H1.class).getText()).isEqualTo(NotFoundView.TITLE);
        assertThat(_get(Anchor.class, spec -> spec.withText(NotFoundView.BACK)).getHref()).isEmpty();
        assertThat(view.getParent()).get().isInstanceOf(MainLayout.class);
        assertThat(view.getElement().getAttribute("role")).isEqualTo("main");
        assertThat(UI.getCurrent().getInternals().getTitle()).isEqualTo("Page not found · Storage Console");
        assertThat(view.getElement().getTextRecursively()).doesNotContain("Could not navigate", "no-such-page");
    }

    @Test
    void a_signed_out_visitor_gets_the_same_page_and_way_back() {
        openAsTyped("no-such-page");

        // (In a browser, Spring Security sends a signed-out request to sign-in before Vaadin sees it.)
        assertThat(_get(H1.class).getText()).isEqualTo(NotFoundView.TITLE);
        assertThat(_get(Anchor.class, spec -> spec.withText(NotFoundView.BACK)).getHref()).isEmpty();
    }

    /** An address typed into the browser: UI.navigate(String) ignores one that matches no route. */
    private static void openAsTyped(String path) {
        UI ui = UI.getCurrent();
        ui.getInternals().getRouter().navigate(ui, new Location(path), NavigationTrigger.PAGE_LOAD);
    }
}
