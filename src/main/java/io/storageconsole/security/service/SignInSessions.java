package io.storageconsole.security.service;

import io.storageconsole.base.event.RequestOrigin;
import io.storageconsole.security.SignedInAccount;
import java.time.Duration;
import java.util.Optional;

/**
 * Sign-ins that outlive the servlet session: console sessions in the database, behind a token the
 * browser keeps in a cookie. The session feature implements it; the web adapters of security (the
 * cookie, its filter, the sign-in handlers) call it without depending on that feature.
 */
public interface SignInSessions {

    /** The longest any organization lets a session stay inactive; the cookie lives as long. */
    Duration LONGEST_INACTIVITY = Duration.ofDays(90);

    /**
     * Starts the session of a complete sign-in and returns the token for the browser's cookie. The
     * browser's previous session, if its token is given, ends: a browser has one session. Refused
     * with {@link SignInNoLongerValidException} when the account's password or MFA changed since the
     * sign-in's password was checked.
     */
    Started start(SignedInAccount account, RequestOrigin origin, String previousToken);

    /**
     * {@link #start} for a sign-in whose right code claimed its time step in the caller's transaction,
     * with the rest of the code step's writes in the same single call to the database (decision
     * 0065): the account's wrong codes are forgotten ({@code wrongCodes}), and the sign-in is
     * recorded and audited as the account feature records any other sign-in. Announce it with
     * {@link RecordedSignInEvent}, not a plain success, or it is recorded twice.
     */
    Started startAfterCode(SignedInAccount account, RequestOrigin origin, String previousToken, CodeCounter wrongCodes);

    /**
     * The session behind a token while it is valid (not ended, not expired, its account still allowed
     * to sign in), recording activity when {@code activity} and the last record is old enough.
     */
    Optional<Resumed> resume(String token, boolean activity);

    /** The same check by id, for a servlet session that knows its console session but whose request lacks the cookie. */
    Optional<Resumed> resume(long sessionId, boolean activity);

    /** "Sign out": ends the session behind the token, or else the one with this id (null for none). */
    void signOut(String token, Long sessionId);

    /** The limiter's counter of an account's wrong codes: its kind and key (AttemptLimiter). */
    record CodeCounter(String kind, String subject) {
    }

    /** @param token for the cookie only; the database keeps its hash */
    record Started(long id, String token) {

        @Override
        public String toString() {
            return "Started[" + id + ", token hidden]";
        }
    }

    /** @param activityRecorded whether this request moved the session's last activity (the cookie is renewed then) */
    record Resumed(long id, SignedInAccount account, boolean activityRecorded) {
    }
}
