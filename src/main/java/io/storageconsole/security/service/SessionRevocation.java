package io.storageconsole.security.service;

import io.storageconsole.security.SignedInAccount;
import java.util.Collection;

/**
 * Ends the sign-ins of an account whose credentials changed, so that nobody stays in on the old
 * ones: its console sessions end at once (each one's next request lands on the sign-in page) and
 * sign-ins still owing their second factor become void. Call it in the transaction of the change.
 * The session feature implements it; the account, MFA and support features call it.
 */
public interface SessionRevocation {

    /**
     * The owner changed their own password or MFA from this browser: every other sign-in of the
     * account ends, this browser's stays.
     *
     * @param why for the audit log, such as "the password was changed"
     * @return how many console sessions ended
     */
    int endOtherSignIns(SignedInAccount owner, String why);

    /**
     * Someone else (a root user, support) changed the account's password or MFA: all its sign-ins end.
     *
     * @return how many console sessions ended
     */
    int endAllSignIns(long accountId, SignedInAccount actor, String why);

    /**
     * This browser's sign-in used up the wrong passwords allowed where the password is asked again
     * (a stolen session guessing): its console session ends, audited; the account's others stay and
     * the credentials are unchanged.
     *
     * @return whether a session ended
     */
    boolean endThisSignIn(SignedInAccount owner, String why);

    /** The same for many accounts at once (a bulk reset), with one query for their sessions. */
    int endAllSignIns(Collection<Long> accountIds, SignedInAccount actor, String why);
}
