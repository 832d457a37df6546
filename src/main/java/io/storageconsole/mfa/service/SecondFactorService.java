package io.storageconsole.mfa.service;

import io.storageconsole.base.event.AccountRef;
import io.storageconsole.base.event.SecurityEventType;
import io.storageconsole.base.event.SecurityEvents;
import io.storageconsole.base.service.InvalidInputException;
import io.storageconsole.security.CurrentAccount;
import io.storageconsole.security.SignInStage;
import io.storageconsole.security.SignedInAccount;
import io.storageconsole.security.service.SignInCompletion;
import java.time.Clock;
import java.util.List;
import java.util.OptionalInt;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The second step of a sign-in with active MFA: a code from the app, or a recovery code. */
@Service
public class SecondFactorService {

    public static final String WRONG_RECOVERY_CODE = "That recovery code is not right, or it has already been used.";

    private final MfaService mfa;
    private final RecoveryCodeStore recoveryCodeStore;
    private final RecoveryCodes recoveryCodes;
    private final CodeAttemptLimiter limiter;
    private final SignInCompletion completion;
    private final SecurityEvents events;
    private final Clock clock;

    SecondFactorService(MfaService mfa, RecoveryCodeStore recoveryCodeStore, RecoveryCodes recoveryCodes,
                        CodeAttemptLimiter limiter, SignInCompletion completion, SecurityEvents events,
                        Clock clock) {
        this.mfa = mfa;
        this.recoveryCodeStore = recoveryCodeStore;
        this.recoveryCodes = recoveryCodes;
        this.limiter = limiter;
        this.completion = completion;
        this.events = events;
        this.clock = clock;
    }

    /** Completes the sign-in with a code from the authenticator app. */
    @Transactional(noRollbackFor = CodeLockedException.class)
    public SignedInAccount signInWithCode(String typedCode) {
        SignedInAccount me = challengedAccount();
        mfa.verifyAndClaim(me, typedCode, "code at sign-in");
        return completion.complete();
    }

    /** Completes the sign-in with one of the recovery codes, which is then used up. */
    @Transactional
    public SignedInAccount signInWithRecoveryCode(String typedCode) {
        SignedInAccount me = challengedAccount();
        CodeInput input = CodeInput.ofRecoveryCode(typedCode);
        if (!input.isWellFormed()) {
            throw InvalidInputException.of("recoveryCode", input.problem());
        }
        limiter.ensureNotLocked(me.accountId());
        List<RecoveryCodeStore.StoredCode> stored = recoveryCodeStore.all(me.accountId());
        OptionalInt match = recoveryCodes.verify(input.code(),
                stored.stream().map(RecoveryCodeStore.StoredCode::hash).toList());
        if (match.isEmpty() || !recoveryCodeStore.use(stored.get(match.getAsInt()).id(), clock.instant())) {
            limiter.recordFailure(me, "recovery code");
            throw InvalidInputException.of("recoveryCode", WRONG_RECOVERY_CODE);
        }
        limiter.recordSuccess(me.accountId());
        AccountRef ref = new AccountRef(me.accountId(), me.email());
        events.publish(SecurityEventType.MFA_RECOVERY_CODE_USED, ref, me.organizationId(), ref,
                recoveryCodeStore.countUnused(me.accountId()) + " recovery codes left");
        return completion.complete();
    }

    /** Completes a sign-in that had to enrol, once enrolment has made MFA active. */
    @Transactional
    public SignedInAccount finishEnrolmentSignIn() {
        SignedInAccount me = CurrentAccount.requirePendingSecondFactor();
        if (me.stage() != SignInStage.MFA_ENROLMENT || !mfa.isActive(me.accountId())) {
            throw new AccessDeniedException("Enrolment is not finished");
        }
        return completion.complete();
    }

    public SignInStage stage() {
        return CurrentAccount.requirePendingSecondFactor().stage();
    }

    private static SignedInAccount challengedAccount() {
        SignedInAccount me = CurrentAccount.requirePendingSecondFactor();
        if (me.stage() != SignInStage.MFA_CHALLENGE) {
            throw new AccessDeniedException("This sign-in does not await a code");
        }
        return me;
    }
}
