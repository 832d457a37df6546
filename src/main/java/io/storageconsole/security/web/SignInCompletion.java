package io.storageconsole.security.web;

import com.vaadin.flow.server.VaadinServletRequest;
import com.vaadin.flow.server.VaadinServletResponse;
import io.storageconsole.security.CurrentAccount;
import io.storageconsole.security.SignedInAccount;
import io.storageconsole.security.service.RecordedSignInEvent;
import io.storageconsole.security.service.SignInSessions;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Turns a half-finished sign-in into a full one once the MFA feature has accepted the second factor:
 * the new authentication replaces the old one in this request and in the HTTP session, and the
 * console session starts (its cookie travels with the response of this Vaadin request). Runs after
 * the MFA feature's transactions have committed, never inside one: the HTTP session and the cookie
 * must not say "signed in" for a change that could still roll back. A code step may instead start
 * the console session inside its transaction ({@link #begin}) and finish after it ({@link #finish}).
 */
@Component
public class SignInCompletion {

    private final SecurityContextRepository repository = new HttpSessionSecurityContextRepository();
    private final ApplicationEventPublisher events;
    private final PersistentSignIn persistentSignIn;
    private final TransactionTemplate transactions;

    SignInCompletion(ApplicationEventPublisher events, PersistentSignIn persistentSignIn, TransactionTemplate transactions) {
        this.events = events;
        this.persistentSignIn = persistentSignIn;
        this.transactions = transactions;
    }

    /**
     * The console session and the sign-in's record in one transaction of their own ({@link #begin}),
     * then {@link #finish}: a record that fails leaves no session behind, as on the code step.
     *
     * @param completed what the MFA feature returned for the sign-in of this thread
     */
    public SignedInAccount complete(SignedInAccount completed) {
        requireNoTransaction();
        requireThisSignIn(completed);
        return finish(transactions.execute(status -> begin(completed)));
    }

    /** A complete sign-in whose console session (null outside an HTTP request) was started by {@link #begin}. */
    public record Begun(SignedInAccount account, SignInSessions.Started session) {

        @Override
        public String toString() {
            return "Begun[" + account.accountId() + ", " + session + "]";
        }
    }

    /**
     * In the transaction that accepted the second factor: starts the console session and records
     * the sign-in (audited, as {@link #complete} does), so that they commit with the acceptance, in
     * one commit. Nothing outside the database says "signed in" yet: {@link #finish} does, after.
     */
    public Begun begin(SignedInAccount completed) {
        requireAcceptingTransaction(completed);
        HttpServletRequest request = currentRequest();
        SignInSessions.Started session = request == null ? null : persistentSignIn.open(completed, request);
        // Recorded before that transaction commits (SignInRecorder).
        events.publishEvent(new AuthenticationSuccessEvent(authenticationOf(completed)));
        return new Begun(completed, session);
    }

    /**
     * {@link #begin} for a sign-in whose right code claimed its step in this transaction: the console
     * session's start also forgets the account's wrong codes and records the sign-in, audited, in one
     * call to the database (decision 0065). Only inside an HTTP request, where the code form runs.
     */
    public Begun beginAfterCode(SignedInAccount completed, SignInSessions.CodeCounter wrongCodes) {
        requireAcceptingTransaction(completed);
        HttpServletRequest request = currentRequest();
        if (request == null) {
            throw new IllegalStateException("A code's sign-in begins in the HTTP request of its form");
        }
        SignInSessions.Started session = persistentSignIn.openAfterCode(completed, request, wrongCodes);
        events.publishEvent(new RecordedSignInEvent(authenticationOf(completed)));
        return new Begun(completed, session);
    }

    /** After the transaction of {@link #begin} committed: this request, the HTTP session and the cookie say "signed in". */
    public SignedInAccount finish(Begun begun) {
        requireNoTransaction();
        requireThisSignIn(begun.account());
        HttpServletRequest request = currentRequest();
        HttpServletResponse response = currentResponse();
        signIn(authenticationOf(begun.account()), request, response);
        if (begun.session() != null && request != null && response != null) {
            persistentSignIn.handOver(begun.session(), request, response);
        }
        return begun.account();
    }

    private static void requireAcceptingTransaction(SignedInAccount completed) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("A sign-in begins inside the transaction that accepted it");
        }
        requireThisSignIn(completed);
    }

    private static void requireNoTransaction() {
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("A sign-in is completed after the transaction that accepted it, not inside it");
        }
    }

    private static void requireThisSignIn(SignedInAccount completed) {
        SignedInAccount pending = CurrentAccount.requirePendingSecondFactor();
        if (!completed.isComplete() || completed.accountId() != pending.accountId()) {
            throw new AccessDeniedException("Not the completion of this sign-in");
        }
    }

    private static Authentication authenticationOf(SignedInAccount completed) {
        return UsernamePasswordAuthenticationToken.authenticated(completed, null, completed.getAuthorities());
    }

    /** The new authentication replaces the old one in this request and in the HTTP session. */
    private void signIn(Authentication authentication, HttpServletRequest request, HttpServletResponse response) {
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(authentication);
        SecurityContextHolder.setContext(context);
        if (request != null && response != null) {
            repository.saveContext(context, request, response);
        }
    }

    private static HttpServletRequest currentRequest() {
        VaadinServletRequest request = VaadinServletRequest.getCurrent();
        return request == null ? null : request.getHttpServletRequest();
    }

    private static HttpServletResponse currentResponse() {
        VaadinServletResponse response = VaadinServletResponse.getCurrent();
        return response == null ? null : response.getHttpServletResponse();
    }
}
