package io.storageconsole.security.web;

import io.storageconsole.security.SignedInAccount;
import io.storageconsole.security.service.SignInSessions;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Optional;

/**
 * A sign-in that outlives the servlet session, as the web adapters see it: a console session behind
 * a cookie (ConsoleSessionCookie), so that any node, after a browser or application restart, still
 * knows the browser.
 */
public interface PersistentSignIn {

    /** A sign-in has just become complete: start a console session and give the browser its cookie. */
    void start(SignedInAccount account, HttpServletRequest request, HttpServletResponse response);

    /**
     * The database half of {@link #start}, joining the caller's transaction: the console session of
     * a complete sign-in. Give it to the browser with {@link #handOver} once that transaction committed.
     */
    SignInSessions.Started open(SignedInAccount account, HttpServletRequest request);

    /**
     * {@link #open} for a sign-in whose code was claimed in the caller's transaction: the session's
     * start also forgets the account's wrong codes and records the sign-in, in one call (decision 0065).
     */
    SignInSessions.Started openAfterCode(SignedInAccount account, HttpServletRequest request,
                                         SignInSessions.CodeCounter wrongCodes);

    /** The browser's half of {@link #start}: the cookie of a session {@link #open} started. */
    void handOver(SignInSessions.Started started, HttpServletRequest request, HttpServletResponse response);

    /**
     * The fully signed-in account of the browser's console session, while that session is valid;
     * empty when the browser has none, or it ended or expired (its cookie is then removed).
     */
    Optional<SignedInAccount> resume(HttpServletRequest request, HttpServletResponse response);

    /** Sign out: ends the browser's console session, if any, and removes its cookie. */
    void end(HttpServletRequest request, HttpServletResponse response);
}
