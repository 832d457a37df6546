package io.storageconsole.account.service;

import io.storageconsole.base.text.Times;
import io.storageconsole.account.domain.Account;
import io.storageconsole.account.domain.AccountRepository;
import io.storageconsole.base.event.AccountRef;
import io.storageconsole.base.event.SecurityEventType;
import io.storageconsole.base.event.SecurityEvents;
import io.storageconsole.base.service.ActionRefusedException;
import io.storageconsole.base.service.InvalidInputException;
import io.storageconsole.security.CurrentAccount;
import io.storageconsole.security.PasswordCheckBusyException;
import io.storageconsole.security.SignedInAccount;
import io.storageconsole.security.service.Attempt;
import io.storageconsole.security.service.AttemptLimiter;
import io.storageconsole.security.service.AttemptPolicy;
import io.storageconsole.security.service.BrowserSession;
import io.storageconsole.security.service.SessionRevocation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The signed-in user's password, asked again before a sensitive change (the password itself, MFA
 * off or reset, new recovery codes, enforcement, enrolment) and for the root user's actions on
 * sub-users, which it then lets through for a few minutes in that browser, as GitHub's sudo mode
 * does. Guesses are counted by the {@link AttemptLimiter} before the hash, per console session
 * (browser) whichever form they come from, and every wrong one is audited. A session that uses up
 * its guesses ends: a stolen session cannot guess on, nor lock the owner out of the very changes
 * (a new password, an MFA reset) that would evict it.
 *
 * <p>Call it before the transaction of the change: it runs its own short ones.
 */
@Service
public class PasswordConfirmation {

    public static final String WRONG_PASSWORD = "The password is not correct.";
    /** How long one confirmation lets the root user's actions through in that browser. */
    public static final Duration SUDO = Duration.ofMinutes(5);
    public static final String SUDO_EXPIRED = "For your security, confirm your password again to continue.";

    static final int MAX_FAILURES = 5;
    private static final String SUDO_UNTIL = PasswordConfirmation.class.getName() + ".sudoUntil";
    private static final AttemptPolicy POLICY = AttemptPolicy.fixed("password-confirmation", MAX_FAILURES,
            Duration.ofMinutes(15), Duration.ofMinutes(15));

    private final AccountRepository accounts;
    private final PasswordEncoder passwordEncoder;
    private final AttemptLimiter limiter;
    private final SessionRevocation revocation;
    private final SecurityEvents events;
    private final TransactionTemplate transactions;
    private final Clock clock;

    PasswordConfirmation(AccountRepository accounts, PasswordEncoder passwordEncoder, AttemptLimiter limiter,
                         SessionRevocation revocation, SecurityEvents events, TransactionTemplate transactions,
                         Clock clock) {
        this.accounts = accounts;
        this.passwordEncoder = passwordEncoder;
        this.limiter = limiter;
        this.revocation = revocation;
        this.events = events;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** Refuses, on the form's "password" field, unless the signed-in user typed their password. */
    public void require(String password) {
        require(password, "password", WRONG_PASSWORD);
    }

    /**
     * Refuses, on {@code field} with {@code wrongMessage}, unless the signed-in user typed their
     * password; once the limit is used up, every password is refused for a while with a message
     * saying so, the right one too.
     */
    public void require(String password, String field, String wrongMessage) {
        SignedInAccount me = CurrentAccount.require();
        if (password == null || password.isEmpty() || password.length() > PasswordPolicy.MAX_LENGTH) {
            throw InvalidInputException.of(field, password == null || password.isEmpty() ? "Enter your password." : wrongMessage);
        }
        String key = keyOf(me);
        Attempt attempt = limiter.reserve(POLICY, key);
        if (!attempt.granted()) {
            throw InvalidInputException.of(field, lockedMessage(attempt.lockedUntil()));
        }
        String hash = accounts.findById(me.accountId()).map(Account::getPasswordHash).orElse(null);
        boolean matches;
        try {
            matches = hash != null && passwordEncoder.matches(password, hash);
        } catch (PasswordCheckBusyException busy) {
            // Nothing was checked: no guess to count.
            limiter.refund(POLICY, key, attempt);
            throw busy;
        }
        if (!matches) {
            recordFailure(me, attempt);
            throw InvalidInputException.of(field, attempt.isLast() ? lockedMessage(attempt.lockedUntil()) : wrongMessage);
        }
        limiter.succeeded(POLICY, key);
    }

    /** The root user's confirmation for their actions on sub-users: good for {@link #SUDO} in this browser. */
    public void confirmForSensitiveActions(String password) {
        require(password);
        BrowserSession.put(SUDO_UNTIL, clock.instant().plus(SUDO));
    }

    /** Whether this browser confirmed the password within the last {@link #SUDO}. */
    public boolean isRecentlyConfirmed() {
        return BrowserSession.get(SUDO_UNTIL)
                .filter(until -> until instanceof Instant instant && instant.isAfter(clock.instant()))
                .isPresent();
    }

    /** Refuses the action unless this browser confirmed the password within the last {@link #SUDO}. */
    public void requireRecentConfirmation() {
        CurrentAccount.require();
        if (!isRecentlyConfirmed()) {
            throw new ActionRefusedException(SUDO_EXPIRED);
        }
    }

    /**
     * Per console session: another browser of the account (the owner's) keeps its own guesses. A
     * call outside any console session (no browser) counts for the account.
     */
    private static String keyOf(SignedInAccount me) {
        return BrowserSession.consoleSessionId().map(session -> "session:" + session)
                .orElseGet(() -> String.valueOf(me.accountId()));
    }

    private void recordFailure(SignedInAccount me, Attempt attempt) {
        transactions.executeWithoutResult(status -> publishFailure(me, attempt));
    }

    private void publishFailure(SignedInAccount me, Attempt attempt) {
        AccountRef ref = new AccountRef(me.accountId(), me.email());
        events.publish(SecurityEventType.PASSWORD_CONFIRMATION_FAILED, ref, me.organizationId(), ref,
                "Wrong password asked again before a sensitive change, failure " + attempt.number() + " of "
                        + attempt.maxAttempts());
        if (attempt.isLast()) {
            events.publish(SecurityEventType.PASSWORD_CONFIRMATION_LOCKED, ref, me.organizationId(), ref,
                    "Sensitive changes refused in this browser until " + attempt.lockedUntil() + " after "
                            + attempt.number() + " wrong passwords; its session ends");
            revocation.endThisSignIn(me, attempt.number() + " wrong passwords asked again");
        }
    }

    private String lockedMessage(Instant until) {
        return "Too many wrong passwords. For your security, changes that ask for your password are refused for "
                + Times.minutesFrom(clock.instant(), until) + ". Try again then.";
    }
}
