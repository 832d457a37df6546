package io.storageconsole.base.event;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/** Where a request came from, as far as the server can tell; both parts may be null. */
public record RequestOrigin(String ip, String userAgent) {

    private static final int MAX_USER_AGENT = 512;
    /** IPv4, IPv6 (with a zone): the only characters an address has; anything else is not one. */
    private static final java.util.regex.Pattern ADDRESS = java.util.regex.Pattern.compile("[0-9A-Fa-f:.%]{2,64}");

    public static final RequestOrigin NONE = new RequestOrigin(null, null);

    /** The origin of the HTTP request this thread is serving, or {@link #NONE} outside one. */
    public static RequestOrigin current() {
        RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
        if (attributes instanceof ServletRequestAttributes servlet) {
            return of(servlet.getRequest());
        }
        return NONE;
    }

    public static RequestOrigin of(HttpServletRequest request) {
        String userAgent = request.getHeader("User-Agent");
        if (userAgent != null && userAgent.length() > MAX_USER_AGENT) {
            userAgent = userAgent.substring(0, MAX_USER_AGENT);
        }
        String ip = request.getRemoteAddr();
        // Behind a proxy the address may come from a header: keep it only if it looks like one.
        return new RequestOrigin(ip == null || ADDRESS.matcher(ip).matches() ? ip : "invalid address", userAgent);
    }

    /** "Chrome on Linux": the browser as people recognise it, never the raw header. */
    public String device() {
        return UserAgents.describe(userAgent);
    }
}
