package io.storageconsole.mfa.service;

import io.storageconsole.account.domain.MfaState;
import io.storageconsole.account.service.AccountService;
import io.storageconsole.base.event.AccountRef;
import io.storageconsole.base.event.SecurityEventType;
import io.storageconsole.base.event.SecurityEvents;
import io.storageconsole.base.service.ActionRefusedException;
import io.storageconsole.base.service.InvalidInputException;
import io.storageconsole.base.service.MfaEnforcementPolicy;
import io.storageconsole.mfa.domain.MfaCredential;
import io.storageconsole.mfa.domain.MfaCredentialRepository;
import io.storageconsole.security.CurrentAccount;
import io.storageconsole.security.SignInStage;
import io.storageconsole.security.SignedInAccount;
import java.time.Clock;
import java.util.List;
import java.util.OptionalLong;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** MFA of the signed-in user's own account: enrolment, turning it off, reset and recovery codes. */
@Service
public class MfaService {

    public static final String WRONG_CODE = "That code is not right. Enter the current 6-digit code from your authenticator app.";
    public static final String REUSED_CODE = "That code has already been used. Wait for the next code in your authenticator app.";
    public static final String WRONG_PASSWORD = "The password is not correct.";
    public static final String ENFORCED = "Your organization requires multi-factor authentication for every user, so it cannot be turned off.";

    private final MfaCredentialRepository credentials;
    private final RecoveryCodeStore recoveryCodeStore;
    private final RecoveryCodes recoveryCodes;
    private final TotpVerifier totp;
    private final SecretCipher cipher;
    private final CodeAttemptLimiter limiter;
    private final AccountService accounts;
    private final MfaEnforcementPolicy enforcement;
    private final SecurityEvents events;
    private final MfaProperties properties;
    private final Clock clock;

    MfaService(MfaCredentialRepository credentials, RecoveryCodeStore recoveryCodeStore,
               RecoveryCodes recoveryCodes, TotpVerifier totp, SecretCipher cipher,
               CodeAttemptLimiter limiter, AccountService accounts, MfaEnforcementPolicy enforcement,
               SecurityEvents events, MfaProperties properties, Clock clock) {
        this.credentials = credentials;
        this.recoveryCodeStore = recoveryCodeStore;
        this.recoveryCodes = recoveryCodes;
        this.totp = totp;
        this.cipher = cipher;
        this.limiter = limiter;
        this.accounts = accounts;
        this.enforcement = enforcement;
        this.events = events;
        this.properties = properties;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public MfaStatus status() {
        SignedInAccount me = CurrentAccount.require();
        MfaState state = accounts.mfaStateOf(me.accountId());
        int unused = state == MfaState.ACTIVE ? recoveryCodeStore.countUnused(me.accountId()) : 0;
        return new MfaStatus(state, enforcement.isMfaEnforced(me.organizationId()), unused);
    }

    /**
     * Turns MFA on (pending) with a new secret and returns what the enrolment dialog shows. Allowed
     * when fully signed in, or during a sign-in that must enrol; never to someone who still owes a
     * code, which would let a stolen password register its own device.
     */
    @Transactional
    public Enrolment startEnrolment() {
        SignedInAccount me = enrollingAccount();
        if (accounts.mfaStateOf(me.accountId()) == MfaState.ACTIVE) {
            throw new ActionRefusedException("Multi-factor authentication is already active. Reset it to link a new device.");
        }
        String secret = totp.newSecret();
        credentials.deleteByAccountId(me.accountId());
        credentials.save(new MfaCredential(me.accountId(), cipher.encrypt(secret), clock.instant()));
        recoveryCodeStore.deleteAll(me.accountId());
        accounts.recordMfaState(me.accountId(), MfaState.PENDING);
        publish(SecurityEventType.MFA_ENROLMENT_STARTED, me, null);
        String uri = totp.otpauthUri(properties.issuer(), me.email(), secret);
        return new Enrolment(secret, uri, totp.qrCodePng(uri));
    }

    /**
     * Activates MFA once the user proves the app works with a correct code, and returns the ten
     * recovery codes to show once. Only their hashes are kept.
     */
    @Transactional(noRollbackFor = CodeLockedException.class)
    public List<String> activate(String typedCode) {
        SignedInAccount me = enrollingAccount();
        CodeInput input = CodeInput.ofTotpCode(typedCode, totp.policy());
        if (!input.isWellFormed()) {
            throw InvalidInputException.of("code", input.problem());
        }
        limiter.ensureNotLocked(me.accountId());
        MfaCredential credential = credentials.findById(me.accountId())
                .filter(found -> !found.isActive())
                .orElseThrow(() -> new ActionRefusedException("The set-up has expired. Start it again."));
        OptionalLong step = totp.verify(cipher.decrypt(credential.getEncryptedSecret()), input.code());
        if (step.isEmpty()) {
            limiter.recordFailure(me, "code during set-up");
            throw InvalidInputException.of("code", WRONG_CODE);
        }
        credential.activate(clock.instant(), step.getAsLong());
        credentials.save(credential);
        accounts.recordMfaState(me.accountId(), MfaState.ACTIVE);
        RecoveryCodes.Issued issued = recoveryCodes.issue();
        recoveryCodeStore.replace(me.accountId(), issued.hashesToStore(), clock.instant());
        limiter.recordSuccess(me.accountId());
        publish(SecurityEventType.MFA_ACTIVATED, me, null);
        return issued.codesToShow();
    }

    /**
     * Turns MFA off after the password and, while MFA is active, a current code. Refused while the
     * organization enforces MFA.
     */
    @Transactional
    public void turnOff(String password, String typedCode) {
        SignedInAccount me = CurrentAccount.require();
        if (enforcement.isMfaEnforced(me.organizationId())) {
            throw new ActionRefusedException(ENFORCED);
        }
        requirePassword(password);
        if (accounts.mfaStateOf(me.accountId()) == MfaState.ACTIVE) {
            verifyAndClaim(me, typedCode, "code while turning MFA off");
        }
        credentials.deleteByAccountId(me.accountId());
        recoveryCodeStore.deleteAll(me.accountId());
        accounts.recordMfaState(me.accountId(), MfaState.OFF);
        publish(SecurityEventType.MFA_TURNED_OFF, me, null);
    }

    /**
     * "Reset MFA for this account": forgets the device and the recovery codes; the next sign-in
     * makes the user enrol a new device. Needs a full sign-in and the password.
     */
    @Transactional
    public void reset(String password) {
        SignedInAccount me = CurrentAccount.require();
        if (accounts.mfaStateOf(me.accountId()) == MfaState.OFF) {
            throw new ActionRefusedException("Multi-factor authentication is off for this account: there is nothing to reset.");
        }
        requirePassword(password);
        credentials.deleteByAccountId(me.accountId());
        recoveryCodeStore.deleteAll(me.accountId());
        accounts.recordMfaState(me.accountId(), MfaState.PENDING);
        publish(SecurityEventType.MFA_RESET, me, "Reset by the account owner");
    }

    /** A new set of ten recovery codes; the old set stops working. */
    @Transactional
    public List<String> regenerateRecoveryCodes(String password) {
        SignedInAccount me = CurrentAccount.require();
        if (accounts.mfaStateOf(me.accountId()) != MfaState.ACTIVE) {
            throw new ActionRefusedException("Recovery codes exist only while multi-factor authentication is active.");
        }
        requirePassword(password);
        RecoveryCodes.Issued issued = recoveryCodes.issue();
        recoveryCodeStore.replace(me.accountId(), issued.hashesToStore(), clock.instant());
        publish(SecurityEventType.MFA_RECOVERY_CODES_REGENERATED, me, null);
        return issued.codesToShow();
    }

    /**
     * Checks a code against the account's active secret and claims its time step, so that the same
     * code is refused afterwards on every node. Wrong and reused codes count towards the lock.
     */
    void verifyAndClaim(SignedInAccount account, String typedCode, String what) {
        CodeInput input = CodeInput.ofTotpCode(typedCode, totp.policy());
        if (!input.isWellFormed()) {
            throw InvalidInputException.of("code", input.problem());
        }
        limiter.ensureNotLocked(account.accountId());
        MfaCredential credential = credentials.findById(account.accountId())
                .filter(MfaCredential::isActive)
                .orElseThrow(() -> new AccessDeniedException("No active MFA for account " + account.accountId()));
        String secret = cipher.decrypt(credential.getEncryptedSecret());
        long lastUsed = credential.getLastUsedStep() == null ? TotpVerifier.NO_STEP_USED : credential.getLastUsedStep();
        OptionalLong step = totp.verify(secret, input.code(), lastUsed);
        if (step.isEmpty() || credentials.claimStep(account.accountId(), step.getAsLong()) == 0) {
            boolean reused = totp.verify(secret, input.code()).isPresent();
            limiter.recordFailure(account, reused ? "reused code" : what);
            throw InvalidInputException.of("code", reused ? REUSED_CODE : WRONG_CODE);
        }
        limiter.recordSuccess(account.accountId());
    }

    boolean isActive(long accountId) {
        return accounts.mfaStateOf(accountId) == MfaState.ACTIVE;
    }

    private SignedInAccount enrollingAccount() {
        SignedInAccount me = CurrentAccount.findAnyStage()
                .orElseThrow(() -> new AccessDeniedException("Not signed in"));
        if (!me.isComplete() && me.stage() != SignInStage.MFA_ENROLMENT) {
            throw new AccessDeniedException("A sign-in that owes a code cannot enrol a device");
        }
        return me;
    }

    private void requirePassword(String password) {
        if (!accounts.isCurrentPassword(password)) {
            throw InvalidInputException.of("password", WRONG_PASSWORD);
        }
    }

    private void publish(SecurityEventType type, SignedInAccount me, String details) {
        AccountRef ref = new AccountRef(me.accountId(), me.email());
        events.publish(type, ref, me.organizationId(), ref, details);
    }
}
