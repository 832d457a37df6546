package io.storageconsole.security.service;

import com.vaadin.flow.server.VaadinServletRequest;
import com.vaadin.flow.server.VaadinServletResponse;
import io.storageconsole.security.CurrentAccount;
import io.storageconsole.security.SignedInAccount;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.stereotype.Component;

/**
 * Turns a half-finished sign-in into a full one once the second factor is passed: the new
 * authentication replaces the old one in this request and in the HTTP session, and the console
 * session starts (its cookie travels with the response of this Vaadin request).
 */
@Component
public class SignInCompletion {

    private final SecurityContextRepository repository = new HttpSessionSecurityContextRepository();
    private final ApplicationEventPublisher events;
    private final PersistentSignIn persistentSignIn;

    SignInCompletion(ApplicationEventPublisher events, PersistentSignIn persistentSignIn) {
        this.events = events;
        this.persistentSignIn = persistentSignIn;
    }

    public SignedInAccount complete() {
        SignedInAccount full = CurrentAccount.requirePendingSecondFactor().completed();
        var authentication = UsernamePasswordAuthenticationToken.authenticated(full, null, full.getAuthorities());
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(authentication);
        SecurityContextHolder.setContext(context);
        VaadinServletRequest request = VaadinServletRequest.getCurrent();
        VaadinServletResponse response = VaadinServletResponse.getCurrent();
        if (request != null && response != null) {
            repository.saveContext(context, request.getHttpServletRequest(), response.getHttpServletResponse());
            persistentSignIn.start(full, request.getHttpServletRequest(), response.getHttpServletResponse());
        }
        events.publishEvent(new AuthenticationSuccessEvent(authentication));
        return full;
    }
}
