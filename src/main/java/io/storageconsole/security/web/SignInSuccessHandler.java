package io.storageconsole.security.web;

import io.storageconsole.security.SignInRoutes;

import io.storageconsole.security.SignedInAccount;
import io.storageconsole.security.service.SignInNoLongerValidException;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.stereotype.Component;

/**
 * After the password: on to the MFA page when a second factor is owed; otherwise the sign-in is
 * complete, its console session starts, and the user goes where they were going.
 */
@Component
public class SignInSuccessHandler implements AuthenticationSuccessHandler {

    private final SavedRequestAwareAuthenticationSuccessHandler complete = new SavedRequestAwareAuthenticationSuccessHandler();
    private final PersistentSignIn persistentSignIn;

    SignInSuccessHandler(PersistentSignIn persistentSignIn) {
        this.persistentSignIn = persistentSignIn;
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
                persistentSignIn.start(account, request, response);
            } catch (SignInNoLongerValidException changedMeanwhile) {
                // The password changed while this one was being checked: no session, back to the form.
                SecurityContextHolder.clearContext();
                HttpSession session = request.getSession(false);
                if (session != null) {
                    session.invalidate();
                }
                response.sendRedirect(request.getContextPath() + SignInRoutes.path(SignInRoutes.LOGIN) + "?error");
                return;
            }
        }
        complete.onAuthenticationSuccess(request, response, authentication);
    }
}
