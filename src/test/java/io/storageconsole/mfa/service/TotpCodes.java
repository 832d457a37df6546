package io.storageconsole.mfa.service;

import java.time.Clock;
import java.time.Instant;

/** What an authenticator app would show, for tests in any package. */
public final class TotpCodes {

    private TotpCodes() {
    }

    public static String codeAt(String secret, Instant at) {
        TotpVerifier verifier = new TotpVerifier(TotpPolicy.AUTHENTICATOR_APPS, Clock.systemUTC());
        return verifier.codeAt(secret, TotpPolicy.AUTHENTICATOR_APPS.stepAt(at));
    }
}
