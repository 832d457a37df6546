package io.storageconsole.security.web;

import com.vaadin.flow.server.HandlerHelper;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import org.springframework.util.AntPathMatcher;

/**
 * The framework's static files (scripts, styles, fonts, icons): nobody's data, no sign-in needed.
 * Vaadin's downloads and push, under /VAADIN as well, are not among them.
 */
final class StaticFiles {

    private static final AntPathMatcher PATHS = new AntPathMatcher();
    private static final List<String> PATTERNS = patterns();

    private StaticFiles() {
    }

    static boolean isStaticFile(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (path.startsWith("/VAADIN/dynamic/") || path.startsWith("/VAADIN/push")) {
            return false;
        }
        return PATTERNS.stream().anyMatch(pattern -> PATHS.match(pattern, path));
    }

    private static List<String> patterns() {
        List<String> patterns = new ArrayList<>(List.of(HandlerHelper.getPublicResources()));
        patterns.addAll(List.of(HandlerHelper.getPublicResourcesRoot()));
        patterns.add("/VAADIN/**");
        return List.copyOf(patterns);
    }
}
