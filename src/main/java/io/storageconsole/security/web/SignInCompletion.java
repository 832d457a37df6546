package io.storageconsole.security.web;

import com.vaadin.flow.server.VaadinServletRequest;
import com.vaadin.flow.server.VaadinServletResponse;
import io.storageconsole.security.CurrentAccount;
import io.storageconsole.security.SignedInAccount;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Turns a half-finished sign-in into a full one once the MFA feature has accepted the second factor:
 * the new authentication replaces the old one in this request and in the HTTP session, and the
 * console session starts (its cookie travels with the response of this Vaadin request). Runs after
 * the MFA feature's transactions have committed, never inside one: the HTTP session and the cookie
 * must not say "signed in" for a change that could still roll back.
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

    /** @param completed what the MFA feature returned for the sign-in of this thread */
    public SignedInAccount complete(SignedInAccount completed) {
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("A sign-in is completed after the transaction that accepted it, not inside it");
        }
        SignedInAccount pending = CurrentAccount.requirePendingSecondFactor();
        if (!completed.isComplete() || completed.accountId() != pending.accountId()) {
            throw new AccessDeniedException("Not the completion of this sign-in");
        }
        var authentication = UsernamePasswordAuthenticationToken.authenticated(completed, null, completed.getAuthorities());
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(authentication);
        SecurityContextHolder.setContext(context);
        VaadinServletRequest request = VaadinServletRequest.getCurrent();
        VaadinServletResponse response = VaadinServletResponse.getCurrent();
        if (request != null && response != null) {
            repository.saveContext(context, request.getHttpServletRequest(), response.getHttpServletResponse());
            persistentSignIn.start(completed, request.getHttpServletRequest(), response.getHttpServletResponse());
        }
        events.publishEvent(new AuthenticationSuccessEvent(authentication));
        return completed;
    }
}
