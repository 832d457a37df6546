package io.storageconsole.security.web;

import io.storageconsole.base.database.ConflictRetry;
import io.storageconsole.security.SignInRoutes;

import io.storageconsole.security.SignedInAccount;
import io.storageconsole.security.service.SignInNoLongerValidException;
import io.storageconsole.security.service.SignInSessions;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * After the password: on to the MFA page when a second factor is owed; otherwise the sign-in is
 * complete, its console session starts, and the user goes where they were going.
 */
@Component
public class SignInSuccessHandler implements AuthenticationSuccessHandler {

    private static final Logger log = LoggerFactory.getLogger(SignInSuccessHandler.class);

    private final SavedRequestAwareAuthenticationSuccessHandler complete = new SavedRequestAwareAuthenticationSuccessHandler();
    private final PersistentSignIn persistentSignIn;
    private final TransactionTemplate transactions;
    private final ApplicationEventPublisher events;

    SignInSuccessHandler(PersistentSignIn persistentSignIn, TransactionTemplate transactions,
                         ApplicationEventPublisher events) {
        this.persistentSignIn = persistentSignIn;
        this.transactions = transactions;
        this.events = events;
    }

    @Override
    public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
                                        Authentication authentication) throws IOException, ServletException {
        if (authentication.getPrincipal() instanceof SignedInAccount account && !account.isComplete()) {
            response.sendRedirect(request.getContextPath() + SignInRoutes.path(SignInRoutes.SECOND_FACTOR));
            return;
        }
        if (authentication.getPrincipal() instanceof SignedInAccount account) {
            try {
                // The session and the sign-in's record (SignInRecorder, before this commits) in one
                // transaction: a refused start rolls both back, so no "Signed in" for it.
                SignInSessions.Started started = transactions.execute(status -> {
                    SignInSessions.Started opened = persistentSignIn.open(account, request);
                    events.publishEvent(new AuthenticationSuccessEvent(authentication));
                    return opened;
                });
                persistentSignIn.handOver(started, request, response);
            } catch (SignInNoLongerValidException changedMeanwhile) {
                // The password changed while this one was being checked: no session, back to the form.
                backToTheForm(request, response, "?error");
                return;
            } catch (RuntimeException e) {
                // Still out of reach after every run (a database node went away, decision 0036): "busy", not an error page.
                if (!ConflictRetry.isBusy(e)) {
                    throw e;
                }
                log.warn("A sign-in was answered busy: its session could not be started through every run ({})", e.toString());
                backToTheForm(request, response, "?busy");
                return;
            }
        }
        complete.onAuthenticationSuccess(request, response, authentication);
    }

    private static void backToTheForm(HttpServletRequest request, HttpServletResponse response, String reason) throws IOException {
        SecurityContextHolder.clearContext();
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
        response.sendRedirect(request.getContextPath() + SignInRoutes.path(SignInRoutes.LOGIN) + reason);
    }
}
