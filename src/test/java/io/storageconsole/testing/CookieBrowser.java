package io.storageconsole.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A browser without JavaScript for tests that need only HTTP: it keeps its cookies in plain sight
 * (so a test can carry one cookie to another node), never follows redirects, and signs in through
 * the real sign-in form endpoint.
 */
public final class CookieBrowser {

    public static final String CONSOLE_SESSION = "CONSOLE_SESSION";

    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private final String baseUrl;
    private final Map<String, String> cookies = new LinkedHashMap<>();

    public CookieBrowser(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** A browser at {@code otherBaseUrl} holding only this one's console session cookie, as after a restart. */
    public CookieBrowser withConsoleSessionOnlyAt(String otherBaseUrl) {
        CookieBrowser other = new CookieBrowser(otherBaseUrl);
        cookie(CONSOLE_SESSION).ifPresent(value -> other.cookies.put(CONSOLE_SESSION, value));
        return other;
    }

    public HttpResponse<String> signIn(String email, String password) {
        String form = "username=" + URLEncoder.encode(email, StandardCharsets.UTF_8)
                + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8);
        return send(request("/login").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    public HttpResponse<String> get(String path) {
        return send(request(path).GET());
    }

    public HttpResponse<String> post(String path, String contentType, String body) {
        return send(request(path).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** Whether a page that needs a sign-in opens (200) rather than sending the browser to /login. */
    public boolean isSignedIn() {
        HttpResponse<String> response = get("/profile");
        if (response.statusCode() == 200) {
            return true;
        }
        if (response.statusCode() == 302 && response.headers().firstValue("Location").orElse("").endsWith("/login")) {
            return false;
        }
        throw new AssertionError("GET /profile answered " + response.statusCode() + " " + response.headers().map());
    }

    public void setCookie(String name, String value) {
        cookies.put(name, value);
    }

    public void dropCookie(String name) {
        cookies.remove(name);
    }

    public Optional<String> cookie(String name) {
        return Optional.ofNullable(cookies.get(name));
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path));
        if (!cookies.isEmpty()) {
            builder.header("Cookie", cookies.entrySet().stream()
                    .map(cookie -> cookie.getKey() + "=" + cookie.getValue()).collect(Collectors.joining("; ")));
        }
        return builder;
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            for (String header : response.headers().allValues("Set-Cookie")) {
                for (HttpCookie cookie : HttpCookie.parse(header)) {
                    if (cookie.getMaxAge() == 0) {
                        cookies.remove(cookie.getName());
                    } else {
                        cookies.put(cookie.getName(), cookie.getValue());
                    }
                }
            }
            return response;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
