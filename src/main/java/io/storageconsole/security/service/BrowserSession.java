package io.storageconsole.security.service;

import java.io.Serializable;
import java.util.Optional;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * What a service keeps for the browser it is serving, in that browser's servlet session: gone with
 * the session (sign-out, an ended console session), and held by the node the browser sticks to.
 * Outside a request there is no browser, and nothing is kept.
 */
public final class BrowserSession {

    /** Set on the request by the console session's cookie: the id of the requesting browser's console session. */
    public static final String CONSOLE_SESSION_ATTRIBUTE = BrowserSession.class.getName() + ".consoleSessionId";

    private BrowserSession() {
    }

    /** The console session of the browser this request comes from, if it has one. */
    public static Optional<Long> consoleSessionId() {
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        return request == null ? Optional.empty()
                : Optional.ofNullable((Long) request.getAttribute(CONSOLE_SESSION_ATTRIBUTE, RequestAttributes.SCOPE_REQUEST));
    }

    public static Optional<Object> get(String name) {
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        return request == null ? Optional.empty()
                : Optional.ofNullable(request.getAttribute(name, RequestAttributes.SCOPE_SESSION));
    }

    /** Keeps a value for this browser; false when no browser is being served. */
    public static boolean put(String name, Serializable value) {
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        if (request == null) {
            return false;
        }
        request.setAttribute(name, value, RequestAttributes.SCOPE_SESSION);
        return true;
    }

    public static void remove(String name) {
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        if (request != null) {
            request.removeAttribute(name, RequestAttributes.SCOPE_SESSION);
        }
    }
}
