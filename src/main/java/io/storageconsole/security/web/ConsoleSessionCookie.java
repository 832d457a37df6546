package io.storageconsole.security.web;

import io.storageconsole.base.event.RequestOrigin;
import io.storageconsole.security.SignedInAccount;
import io.storageconsole.security.service.BrowserSession;
import io.storageconsole.security.service.SignInSessions;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.time.Duration;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.stereotype.Component;

/**
 * The browser's half of a console session: a cookie that holds the token (HttpOnly, SameSite=Lax,
 * Secure over HTTPS and always in production). The token is never rotated; see docs/decisions/0005-console-sessions.md.
 * The servlet session also notes its console session's id, so that a request sent before the
 * browser stored a new cookie (a heartbeat racing the end of the MFA step) is checked all the same.
 */
@Component
class ConsoleSessionCookie implements PersistentSignIn {

    static final String NAME = "CONSOLE_SESSION";
    /**
     * The longest any organization lets a session stay inactive; renewed whenever activity is
     * recorded. The server, not the cookie's age, decides when a session ends.
     */
    static final Duration MAX_AGE = SignInSessions.LONGEST_INACTIVITY;
    static final String SERVLET_SESSION_ATTRIBUTE = ConsoleSessionCookie.class.getName() + ".sessionId";

    private final SignInSessions sessions;
    private final boolean httpsOnly;

    ConsoleSessionCookie(SignInSessions sessions, @Value("${console.security.https-only:false}") boolean httpsOnly) {
        this.sessions = sessions;
        this.httpsOnly = httpsOnly;
    }

    @Override
    public void start(SignedInAccount account, HttpServletRequest request, HttpServletResponse response) {
        handOver(open(account, request), request, response);
    }

    @Override
    public SignInSessions.Started open(SignedInAccount account, HttpServletRequest request) {
        return sessions.start(account, RequestOrigin.of(request), tokenOf(request).orElse(null));
    }

    @Override
    public SignInSessions.Started openAfterCode(SignedInAccount account, HttpServletRequest request,
                                                SignInSessions.CodeCounter wrongCodes) {
        return sessions.startAfterCode(account, RequestOrigin.of(request), tokenOf(request).orElse(null), wrongCodes);
    }

    @Override
    public void handOver(SignInSessions.Started started, HttpServletRequest request, HttpServletResponse response) {
        write(request, response, started.token(), MAX_AGE);
        remember(request, started.id());
    }

    @Override
    public Optional<SignedInAccount> resume(HttpServletRequest request, HttpServletResponse response) {
        // Vaadin's heartbeat proves only that a tab is open, not that anyone uses it.
        boolean activity = !"heartbeat".equals(request.getParameter("v-r"));
        Optional<String> token = tokenOf(request);
        Optional<SignInSessions.Resumed> resumed;
        if (token.isPresent()) {
            resumed = sessions.resume(token.get(), activity);
            if (resumed.isEmpty()) {
                remove(request, response);
            } else if (resumed.get().activityRecorded()) {
                write(request, response, token.get(), MAX_AGE);
            }
        } else {
            Long known = sessionIdKnownTo(request);
            resumed = known == null ? Optional.empty() : sessions.resume(known, activity);
        }
        resumed.ifPresent(session -> remember(request, session.id()));
        return resumed.map(SignInSessions.Resumed::account);
    }

    @Override
    public void end(HttpServletRequest request, HttpServletResponse response) {
        sessions.signOut(tokenOf(request).orElse(null), sessionIdKnownTo(request));
        remove(request, response);
    }

    private static void remember(HttpServletRequest request, long sessionId) {
        request.setAttribute(BrowserSession.CONSOLE_SESSION_ATTRIBUTE, sessionId);
        HttpSession servletSession = request.getSession();
        if (!Long.valueOf(sessionId).equals(servletSession.getAttribute(SERVLET_SESSION_ATTRIBUTE))) {
            servletSession.setAttribute(SERVLET_SESSION_ATTRIBUTE, sessionId);
        }
    }

    private static Long sessionIdKnownTo(HttpServletRequest request) {
        HttpSession servletSession = request.getSession(false);
        return servletSession == null ? null : (Long) servletSession.getAttribute(SERVLET_SESSION_ATTRIBUTE);
    }

    private static Optional<String> tokenOf(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return Optional.empty();
        }
        for (Cookie cookie : cookies) {
            if (NAME.equals(cookie.getName())) {
                return Optional.ofNullable(cookie.getValue());
            }
        }
        return Optional.empty();
    }

    private void remove(HttpServletRequest request, HttpServletResponse response) {
        write(request, response, "", Duration.ZERO);
    }

    private void write(HttpServletRequest request, HttpServletResponse response, String value, Duration maxAge) {
        if (response.isCommitted()) {
            return;
        }
        String path = request.getContextPath().isEmpty() ? "/" : request.getContextPath();
        ResponseCookie cookie = ResponseCookie.from(NAME, value)
                .httpOnly(true)
                .secure(httpsOnly || request.isSecure())
                .sameSite("Lax")
                .path(path)
                .maxAge(maxAge)
                .build();
        response.addHeader(HttpHeaders.SET_COOKIE, cookie.toString());
    }
}
