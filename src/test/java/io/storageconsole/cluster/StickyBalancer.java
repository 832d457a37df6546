package io.storageconsole.cluster;

import io.storageconsole.testing.CookieBrowser;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Map;

/**
 * What a sticky load balancer does for one browser: every request to the node the browser is bound
 * to; when that node does not answer, the same request once more to the next node, to which the
 * browser is then bound. The browser arrives there with its cookies, of which only the console
 * session means anything on another node.
 */
final class StickyBalancer {

    private final List<ApplicationNode> nodes;
    private final Map<CookieBrowser, Integer> boundTo = new ConcurrentHashMap<>();

    StickyBalancer(List<ApplicationNode> nodes) {
        this.nodes = nodes;
    }

    /** A browser bound to the given node. */
    CookieBrowser browserOn(int node) {
        CookieBrowser browser = new CookieBrowser(nodes.get(node).baseUrl());
        boundTo.put(browser, node);
        return browser;
    }

    int nodeOf(CookieBrowser browser) {
        return boundTo.get(browser);
    }

    /** GET through the balancer; returns the browser now in use (another one after a failover) and the answer. */
    Served get(CookieBrowser browser, String path) {
        try {
            return new Served(browser, boundTo.get(browser), false, browser.get(path));
        } catch (UncheckedIOException nodeGone) {
            int next = (boundTo.get(browser) + 1) % nodes.size();
            CookieBrowser moved = browser.withConsoleSessionOnlyAt(nodes.get(next).baseUrl());
            boundTo.remove(browser);
            boundTo.put(moved, next);
            return new Served(moved, next, true, moved.get(path));
        }
    }

    record Served(CookieBrowser browser, int node, boolean failedOver, HttpResponse<String> response) {
    }
}
