package io.storageconsole.mfa.service;

import io.storageconsole.mfa.domain.RecoveryCodeStore;

import io.storageconsole.account.service.CredentialChanges;
import io.storageconsole.base.event.AccountRef;
import io.storageconsole.base.event.SecurityEventType;
import io.storageconsole.base.event.SecurityEvents;
import io.storageconsole.base.service.InvalidInputException;
import io.storageconsole.security.CurrentAccount;
import io.storageconsole.security.SignInStage;
import io.storageconsole.security.SignedInAccount;
import io.storageconsole.security.service.Attempt;
import io.storageconsole.security.service.SignInSessions;
import java.time.Clock;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.BiFunction;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The second step of a sign-in with active MFA: a code from the app, or a recovery code. Each check
 * commits its own work and returns the completed sign-in; the web layer then completes it in the
 * HTTP session and the cookie (SignInCompletion), after every transaction here has ended. A code
 * from the app can take the start of the console session into its own transaction.
 */
@Service
public class SecondFactorService {

    public static final String WRONG_RECOVERY_CODE = "That recovery code is not right, or it has already been used.";

    private final MfaService mfa;
    private final RecoveryCodeStore recoveryCodeStore;
    private final RecoveryCodes recoveryCodes;
    private final CodeAttempts codeAttempts;
    private final CredentialChanges credentialChanges;
    private final SecurityEvents events;
    private final TransactionTemplate transactions;
    private final Clock clock;

    SecondFactorService(MfaService mfa, RecoveryCodeStore recoveryCodeStore, RecoveryCodes recoveryCodes,
                        CodeAttempts codeAttempts, CredentialChanges credentialChanges,
                        SecurityEvents events, TransactionTemplate transactions, Clock clock) {
        this.mfa = mfa;
        this.recoveryCodeStore = recoveryCodeStore;
        this.recoveryCodes = recoveryCodes;
        this.codeAttempts = codeAttempts;
        this.credentialChanges = credentialChanges;
        this.events = events;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** Checks a code from the authenticator app; returns the sign-in, complete, for the web layer to finish. */
    public SignedInAccount signInWithCode(String typedCode) {
        // Whether its password or MFA changed meanwhile is checked in the code's own transaction (MfaService.verifyAndClaim).
        SignedInAccount me = awaitingCode();
        return mfa.verifyAndClaim(me, typedCode, "code at sign-in", me::completed);
    }

    /**
     * Checks a code from the authenticator app and, in the transaction that claims it, hands the
     * completed sign-in and the counter of its wrong codes to {@code start}, which must forget them
     * (the web layer starts its console session, records the sign-in and forgets the counter in one
     * call, decision 0065: one commit for all of it); returns what {@code start} returned.
     */
    public <T> T signInWithCode(String typedCode, BiFunction<SignedInAccount, SignInSessions.CodeCounter, T> start) {
        SignedInAccount me = awaitingCode();
        return mfa.verifyClaimAndHandOver(me, typedCode, "code at sign-in", wrongCodes -> start.apply(me.completed(), wrongCodes));
    }

    /** Checks one of the recovery codes, which is then used up; returns the sign-in, complete. */
    public SignedInAccount signInWithRecoveryCode(String typedCode) {
        SignedInAccount me = challengedAccount();
        CodeInput input = CodeInput.ofRecoveryCode(typedCode);
        if (!input.isWellFormed()) {
            throw InvalidInputException.of("recoveryCode", input.problem());
        }
        Attempt attempt = codeAttempts.reserve(me);
        List<RecoveryCodeStore.StoredCode> stored = recoveryCodeStore.all(me.accountId());
        OptionalInt match = recoveryCodes.verify(input.code(),
                stored.stream().map(RecoveryCodeStore.StoredCode::hash).toList());
        if (match.isEmpty() || !recoveryCodeStore.use(stored.get(match.getAsInt()).id(), clock.instant())) {
            codeAttempts.failed(me, "recovery code", attempt);
            throw InvalidInputException.of("recoveryCode", WRONG_RECOVERY_CODE);
        }
        codeAttempts.succeeded(me.accountId());
        transactions.executeWithoutResult(status -> {
            AccountRef ref = new AccountRef(me.accountId(), me.email());
            events.publish(SecurityEventType.MFA_RECOVERY_CODE_USED, ref, me.organizationId(), ref,
                    recoveryCodeStore.countUnused(me.accountId()) + " recovery codes left");
        });
        return me.completed();
    }

    /** The sign-in that had to enrol, complete once enrolment has made MFA active. */
    public SignedInAccount finishEnrolmentSignIn() {
        SignedInAccount me = CurrentAccount.requirePendingSecondFactor();
        // Active is not enough: this browser's own set-up must have activated it, not another sign-in's.
        if (me.stage() != SignInStage.MFA_ENROLMENT || !mfa.isActive(me.accountId())
                || !mfa.wasActivatedInThisBrowser(me.accountId())) {
            throw new AccessDeniedException("Enrolment is not finished");
        }
        credentialChanges.requireStillValid(me);
        return me.completed();
    }

    public SignInStage stage() {
        return CurrentAccount.requirePendingSecondFactor().stage();
    }

    /** The sign-in awaiting a code, refused once its account's password or MFA changed since its password. */
    private SignedInAccount challengedAccount() {
        SignedInAccount me = awaitingCode();
        credentialChanges.requireStillValid(me);
        return me;
    }

    private static SignedInAccount awaitingCode() {
        SignedInAccount me = CurrentAccount.requirePendingSecondFactor();
        if (me.stage() != SignInStage.MFA_CHALLENGE) {
            throw new AccessDeniedException("This sign-in does not await a code");
        }
        return me;
    }
}
