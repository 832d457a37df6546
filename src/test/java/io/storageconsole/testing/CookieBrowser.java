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
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A browser without JavaScript for tests that need only HTTP: it keeps its cookies in plain sight
 * (so a test can carry one cookie to another node), never follows redirects, and signs in through
 * the real sign-in form endpoint, with the CSRF token the sign-in page carries, as a browser does.
 */
public final class CookieBrowser {

    public static final String CONSOLE_SESSION = "CONSOLE_SESSION";

    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private static final AtomicLong REQUEST_IDS = new AtomicLong();
    /** Request ids of this JVM differ from those an earlier run left in the same access log. */
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final Pattern META = Pattern.compile("<meta name=\"(_csrf_parameter|_csrf)\" content=\"([^\"]*)\">");

    private final String baseUrl;
    private final Map<String, String> cookies = new ConcurrentHashMap<>();
    private volatile String lastRequestId;
    private volatile String userAgent;
    private volatile String forwardedFor;

    public CookieBrowser(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** A browser at {@code otherBaseUrl} holding only this one's console session cookie, as after a restart. */
    public CookieBrowser withConsoleSessionOnlyAt(String otherBaseUrl) {
        CookieBrowser other = new CookieBrowser(otherBaseUrl);
        cookie(CONSOLE_SESSION).ifPresent(value -> other.cookies.put(CONSOLE_SESSION, value));
        return other;
    }

    /** Sends this User-Agent header from now on, as a browser (or an attacker) would. */
    public CookieBrowser withUserAgent(String value) {
        this.userAgent = value;
        return this;
    }

    /**
     * Comes from this client address from now on, as a load balancer names it in X-Forwarded-For
     * (the test profile trusts the header from the loopback address, as production trusts its
     * balancers); any text, as an attacker may send.
     */
    public CookieBrowser withForwardedFor(String address) {
        this.forwardedFor = address;
        return this;
    }

    /** Opens the sign-in page and posts the form with the CSRF token the page carries. */
    public HttpResponse<String> signIn(String email, String password) {
        return signIn(email, password, csrfTokenOfSignInPage());
    }

    /** Posts the sign-in form with a token read from the sign-in page before (see {@link #csrfTokenOfSignInPage()}). */
    public HttpResponse<String> signIn(String email, String password, Map<String, String> token) {
        return postSignInForm(email, password, token.getOrDefault("_csrf_parameter", "_csrf"), token.get("_csrf"));
    }

    /** Posts the sign-in form as a foreign page would: straight away, without the page's token. */
    public HttpResponse<String> signInWithoutCsrfToken(String email, String password) {
        return postSignInForm(email, password, null, null);
    }

    /** The CSRF parameter name and token in the meta tags of the sign-in page (empty map if none). */
    public Map<String, String> csrfTokenOfSignInPage() {
        HttpResponse<String> page = get("/login");
        Map<String, String> token = new LinkedHashMap<>();
        Matcher meta = META.matcher(page.body());
        while (meta.find()) {
            token.put(meta.group(1), meta.group(2));
        }
        return token;
    }

    private HttpResponse<String> postSignInForm(String email, String password, String csrfParameter, String csrfToken) {
        String form = "username=" + URLEncoder.encode(email, StandardCharsets.UTF_8)
                + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8);
        if (csrfToken != null) {
            form += "&" + csrfParameter + "=" + URLEncoder.encode(csrfToken, StandardCharsets.UTF_8);
        }
        return send(request("/login").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    /** A POST with a JSON body, as the Vaadin client sends its requests. */
    public HttpResponse<String> postJson(String path, String json) {
        return send(request(path).header("Content-Type", "application/json; charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public String baseUrl() {
        return baseUrl;
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

    /**
     * The id of the last request this browser sent (its {@code X-Request-Id} header, unique): what
     * finds the request's line in the console's access log ({@link ServerTimes}).
     */
    public String lastRequestId() {
        return lastRequestId;
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path));
        lastRequestId = RUN + "-" + REQUEST_IDS.incrementAndGet();
        builder.header("X-Request-Id", lastRequestId);
        if (userAgent != null) {
            builder.header("User-Agent", userAgent);
        }
        if (forwardedFor != null) {
            builder.header("X-Forwarded-For", forwardedFor);
        }
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
