package io.storageconsole.security.web;

import io.storageconsole.security.SignInRoutes;
import io.storageconsole.base.text.Times;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.DefaultRedirectStrategy;
import org.springframework.security.web.RedirectStrategy;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.stereotype.Component;

/** Sends a failed sign-in back to the login page, saying whether the address is blocked and for how long. */
@Component
public class SignInFailureHandler implements AuthenticationFailureHandler {

    private final RedirectStrategy redirect = new DefaultRedirectStrategy();
    private final Clock clock;

    SignInFailureHandler(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
                                        AuthenticationException exception) throws IOException {
        if (exception instanceof SignInBlockedException blocked) {
            long minutes = Times.minutesUntil(clock.instant(), blocked.blockedUntil());
            redirect.sendRedirect(request, response, SignInRoutes.path(SignInRoutes.LOGIN) + "?blocked=" + minutes);
        } else if (exception instanceof SignInBusyException) {
            redirect.sendRedirect(request, response, SignInRoutes.path(SignInRoutes.LOGIN) + "?busy");
        } else {
            redirect.sendRedirect(request, response, SignInRoutes.path(SignInRoutes.LOGIN) + "?error");
        }
    }
}
