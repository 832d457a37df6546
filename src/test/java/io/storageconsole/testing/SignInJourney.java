package io.storageconsole.testing;

import io.storageconsole.mfa.service.TotpCodes;
import java.net.http.HttpResponse;
import java.time.Instant;

/**
 * A sign-in with MFA as a browser makes it, over HTTP: the sign-in form's POST, then the MFA page
 * (page, init, navigation) and one UIDL request that types the code and presses "Verify". Times
 * the two requests that do the work: the password step and the code step.
 */
public final class SignInJourney {

    /** The label of the code field and the text of its button on the MFA page (SecondFactorView). */
    public static final String CODE_LABEL = "6-digit code";
    public static final String VERIFY = "Verify";

    /**
     * Milliseconds of the POST /login and of the UIDL request that submits the code, as the client
     * waited for them and, when the console logs them ({@link ServerTimes}), as the server spent them
     * (NaN otherwise).
     */
    public record Timings(double passwordMillis, double codeMillis, double serverPasswordMillis, double serverCodeMillis) {
    }

    private SignInJourney() {
    }

    public static Timings signIn(VaadinBrowser browser, String email, String password, String totpSecret) {
        return signIn(browser, email, password, totpSecret, null);
    }

    /** @param serverTimes the console's access log, or null: the server's times are then NaN */
    public static Timings signIn(VaadinBrowser browser, String email, String password, String totpSecret, ServerTimes serverTimes) {
        // The sign-in page's CSRF token first, as a browser has it before it posts the form; not timed.
        java.util.Map<String, String> token = browser.http().csrfTokenOfSignInPage();
        long started = System.nanoTime();
        HttpResponse<String> form = browser.http().signIn(email, password, token);
        double passwordMillis = (System.nanoTime() - started) / 1e6;
        String location = form.headers().firstValue("Location").orElse("");
        if (form.statusCode() != 302 || !location.endsWith("/mfa")) {
            throw new IllegalStateException("The password step of " + email + " answered " + form.statusCode() + " " + location);
        }
        double serverPasswordMillis = serverTimes == null ? Double.NaN : serverTimes.millisOf(browser.http().lastRequestId());
        if (browser.open("mfa") != 200) {
            throw new IllegalStateException("The MFA page did not open for " + email);
        }
        int field = browser.ui().find("vaadin-text-field", CODE_LABEL);
        int verify = browser.ui().find("vaadin-button", VERIFY);
        String body = browser.ui().setValueAndClick(field, TotpCodes.codeAt(totpSecret, Instant.now()), verify);
        long codeStarted = System.nanoTime();
        browser.send(body);
        double codeMillis = (System.nanoTime() - codeStarted) / 1e6;
        double serverCodeMillis = serverTimes == null ? Double.NaN : serverTimes.millisOf(browser.http().lastRequestId());
        if (!browser.ui().locationChanged()) {
            String answer = browser.ui().lastResponse();
            throw new IllegalStateException("The code of " + email + " was not accepted: "
                    + answer.substring(0, Math.min(3000, answer.length())));
        }
        return new Timings(passwordMillis, codeMillis, serverPasswordMillis, serverCodeMillis);
    }
}
