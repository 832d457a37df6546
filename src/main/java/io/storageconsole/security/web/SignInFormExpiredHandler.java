package io.storageconsole.security.web;

import io.storageconsole.security.SignInRoutes;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;

/**
 * A form post without the CSRF token of the page it came from. A sign-in form (a stale tab whose
 * servlet session ended, or a foreign page posting to /login) goes back to the sign-in page, which
 * says the form had expired; nothing is checked or counted. Any other form post is refused (403).
 */
public final class SignInFormExpiredHandler implements AccessDeniedHandler {

    public static final String EXPIRED_PARAMETER = "expired";

    private final AccessDeniedHandler otherwise = new AccessDeniedHandlerImpl();

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException refused)
            throws IOException, ServletException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if ("POST".equals(request.getMethod()) && SignInRoutes.path(SignInRoutes.LOGIN).equals(path)) {
            response.sendRedirect(request.getContextPath() + SignInRoutes.path(SignInRoutes.LOGIN) + "?" + EXPIRED_PARAMETER);
            return;
        }
        otherwise.handle(request, response, refused);
    }
}
