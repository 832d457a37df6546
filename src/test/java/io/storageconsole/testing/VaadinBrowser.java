package io.storageconsole.testing;

import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A browser tab without JavaScript that still drives Vaadin views: it loads a page as the browser
 * does (the HTML, then {@code ?v-r=init}, then the router's navigation) and sends UIDL requests
 * built by {@link Uidl}. Every request is real HTTP to the running console.
 */
public final class VaadinBrowser {

    private static final Pattern CSRF_META = Pattern.compile("<meta name=\"_csrf\" content=\"([^\"]+)\"");

    private final CookieBrowser http;
    private final Uidl ui = new Uidl();
    private String springCsrfToken;

    public VaadinBrowser(String baseUrl) {
        this.http = new CookieBrowser(baseUrl);
    }

    public CookieBrowser http() {
        return http;
    }

    public Uidl ui() {
        return ui;
    }

    /** Loads {@code route} as a browser would: page, init, navigation. Returns the page's status. */
    public int open(String route) {
        HttpResponse<String> page = http.get("/" + route);
        if (page.statusCode() != 200) {
            return page.statusCode();
        }
        Matcher csrf = CSRF_META.matcher(page.body());
        if (csrf.find()) {
            springCsrfToken = csrf.group(1);
        }
        ui.applyInit(expectOk(http.get(Uidl.initPath(route))).body());
        send(ui.navigate(route));
        return 200;
    }

    /** Sends a UIDL request body made by {@link #ui()} and applies the answer. */
    public HttpResponse<String> send(String uidlBody) {
        HttpResponse<String> response = expectOk(http.post(ui.uidlPath(), "application/json; charset=UTF-8", uidlBody));
        ui.applyResponse(response.body());
        return response;
    }

    /** Signs out as the console's sign-out does: POST /logout with the page's CSRF token. */
    public HttpResponse<String> signOut() {
        return http.post("/logout", "application/x-www-form-urlencoded", "_csrf=" + springCsrfToken);
    }

    private static HttpResponse<String> expectOk(HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            throw new IllegalStateException("HTTP " + response.statusCode() + ": " + response.body());
        }
        return response;
    }
}
