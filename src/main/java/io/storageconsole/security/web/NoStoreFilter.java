package io.storageconsole.security.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * {@code Cache-Control: no-store} on every response but the framework's static files: pages,
 * Vaadin's requests (whose answers carry TOTP keys and recovery codes), downloads and errors are
 * never kept by a browser or a proxy, whatever the code that wrote them asked for. Static files
 * (scripts, styles, fonts, icons of the build) carry no one's data and keep their own caching.
 */
public final class NoStoreFilter extends OncePerRequestFilter {

    static final String NO_STORE = "no-store";

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (StaticFiles.isStaticFile(request)) {
            chain.doFilter(request, response);
            return;
        }
        response.setHeader("Cache-Control", NO_STORE);
        response.setHeader("Pragma", "no-cache");
        chain.doFilter(request, new NoStoreResponse(response));
    }

    /** Keeps whatever else the application writes, but no caching instruction of its own. */
    private static final class NoStoreResponse extends HttpServletResponseWrapper {

        private NoStoreResponse(HttpServletResponse response) {
            super(response);
        }

        @Override
        public void setHeader(String name, String value) {
            super.setHeader(name, isCaching(name) ? cachingValue(name) : value);
        }

        @Override
        public void addHeader(String name, String value) {
            if (isCaching(name)) {
                super.setHeader(name, cachingValue(name));
            } else {
                super.addHeader(name, value);
            }
        }

        @Override
        public void setDateHeader(String name, long date) {
            if (!"Expires".equalsIgnoreCase(name) && !"Last-Modified".equalsIgnoreCase(name)) {
                super.setDateHeader(name, date);
            }
        }

        @Override
        public void addDateHeader(String name, long date) {
            if (!"Expires".equalsIgnoreCase(name) && !"Last-Modified".equalsIgnoreCase(name)) {
                super.addDateHeader(name, date);
            }
        }

        private static boolean isCaching(String name) {
            return "Cache-Control".equalsIgnoreCase(name) || "Pragma".equalsIgnoreCase(name);
        }

        private static String cachingValue(String name) {
            return "Cache-Control".equalsIgnoreCase(name) ? NO_STORE : "no-cache";
        }
    }
}
