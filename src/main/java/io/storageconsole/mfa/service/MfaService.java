package io.storageconsole.mfa.service;

import io.storageconsole.base.text.Times;
import io.storageconsole.mfa.domain.RecoveryCodeStore;

import io.storageconsole.account.domain.MfaState;
import io.storageconsole.account.service.CredentialChanges;
import io.storageconsole.account.service.PasswordConfirmation;
import io.storageconsole.base.event.AccountRef;
import io.storageconsole.base.event.SecurityEventType;
import io.storageconsole.base.event.SecurityEvents;
import io.storageconsole.base.service.ActionRefusedException;
import io.storageconsole.base.service.ConcurrentChangeException;
import io.storageconsole.base.service.InvalidInputException;
import io.storageconsole.mfa.domain.CodeCheck;
import io.storageconsole.mfa.domain.CodeChecks;
import io.storageconsole.mfa.domain.MfaCredential;
import io.storageconsole.mfa.domain.MfaCredentialRepository;
import io.storageconsole.mfa.domain.MfaStates;
import io.storageconsole.mfa.domain.MfaStates.AccountMfa;
import io.storageconsole.security.CurrentAccount;
import io.storageconsole.security.Roles;
import io.storageconsole.security.SignInStage;
import io.storageconsole.security.SignedInAccount;
import io.storageconsole.security.service.Attempt;
import io.storageconsole.security.service.BrowserSession;
import io.storageconsole.security.service.SessionRevocation;
import io.storageconsole.security.service.SignInSessions;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * MFA of the signed-in user's own account: enrolment, turning it off, reset and recovery codes.
 * Passwords and codes during set-up are checked outside any transaction (their attempts are counted
 * first, in transactions of their own); the change they allow then runs in one transaction. An
 * authenticator code of an active MFA is counted, checked and claimed in one transaction.
 */
@Service
public class MfaService {

    public static final String WRONG_CODE = "That code is not right. Enter the current 6-digit code from your authenticator app.";
    public static final String REUSED_CODE = "That code has already been used. Wait for the next code in your authenticator app.";
    public static final String WRONG_PASSWORD = PasswordConfirmation.WRONG_PASSWORD;
    public static final String ENFORCED = "Your organization requires multi-factor authentication for every user, so it cannot be turned off.";
    public static final String SUPPORT_ALWAYS = "Support accounts always use multi-factor authentication, so it cannot be turned off.";
    public static final String SET_UP_EXPIRED = "The set-up has expired. Start it again.";
    public static final String SECRET_UNREADABLE = "Codes cannot be checked for this account right now. "
            + "Contact our support team: they can reset multi-factor authentication after checking your identity.";
    public static final String CHANGED_MEANWHILE = "Multi-factor authentication of this account was reset or turned off "
            + "in the meantime. Sign in again.";

    /** How long a set-up under way belongs to the browser that started it. */
    static final Duration ENROLMENT_TIME = Duration.ofMinutes(15);
    private static final String ENROLMENT_HOLDER = MfaService.class.getName() + ".enrolmentHolder";
    private static final String ACTIVATED_HERE = MfaService.class.getName() + ".activatedHere";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Logger log = LoggerFactory.getLogger(MfaService.class);

    private final MfaCredentialRepository credentials;
    private final RecoveryCodeStore recoveryCodeStore;
    private final RecoveryCodes recoveryCodes;
    private final TotpVerifier totp;
    private final SecretCipher cipher;
    private final CodeAttempts codeAttempts;
    private final MfaStates states;
    private final CredentialChanges credentialChanges;
    private final PasswordConfirmation passwords;
    private final SessionRevocation revocation;
    private final MfaEnforcementPolicy enforcement;
    private final SecurityEvents events;
    private final MfaProperties properties;
    private final TransactionTemplate transactions;
    private final Clock clock;

    MfaService(MfaCredentialRepository credentials, RecoveryCodeStore recoveryCodeStore,
               RecoveryCodes recoveryCodes, TotpVerifier totp, SecretCipher cipher, CodeAttempts codeAttempts,
               MfaStates states, CredentialChanges credentialChanges, PasswordConfirmation passwords, SessionRevocation revocation,
               MfaEnforcementPolicy enforcement, SecurityEvents events, MfaProperties properties,
               TransactionTemplate transactions, Clock clock) {
        this.credentials = credentials;
        this.recoveryCodeStore = recoveryCodeStore;
        this.recoveryCodes = recoveryCodes;
        this.totp = totp;
        this.cipher = cipher;
        this.codeAttempts = codeAttempts;
        this.states = states;
        this.credentialChanges = credentialChanges;
        this.passwords = passwords;
        this.revocation = revocation;
        this.enforcement = enforcement;
        this.events = events;
        this.properties = properties;
        this.transactions = transactions;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public MfaStatus status() {
        SignedInAccount me = CurrentAccount.require();
        MfaState state = stateOf(me.accountId());
        int unused = state == MfaState.ACTIVE ? recoveryCodeStore.countUnused(me.accountId()) : 0;
        String whyMandatory = me.hasRole(Roles.SUPPORT) ? SUPPORT_ALWAYS
                : enforcement.isMfaEnforced(me.organizationId()) ? ENFORCED : null;
        Instant enrolBy = state == MfaState.ACTIVE ? null : enforcement.enrolmentDeadline(me.organizationId()).orElse(null);
        return new MfaStatus(state, whyMandatory != null, unused, whyMandatory, enrolBy);
    }

    /**
     * The set-up this browser began and has not finished, to show again; empty when there is none.
     * Creates nothing. Refused while another browser's set-up of the account runs: a second sign-in
     * never takes over or replaces a set-up under way.
     */
    public Optional<Enrolment> resumeEnrolment() {
        SignedInAccount me = enrollingAccount();
        return credentials.findById(me.accountId())
                .filter(credential -> !credential.isActive() && isUnderWay(credential))
                .map(credential -> {
                    if (!Objects.equals(credential.getEnrolmentHolder(), thisBrowser())) {
                        throw underWayElsewhere(credential);
                    }
                    return enrolmentOf(me, readableSecret(credential.getEncryptedSecret(), me.accountId()));
                });
    }

    /**
     * Profile Settings: turns MFA on (pending) with a new key once the password is given again, and
     * returns what the set-up dialog shows; this browser's set-up under way is shown again instead.
     */
    public Enrolment startEnrolment(String password) {
        SignedInAccount me = CurrentAccount.require();
        Optional<Enrolment> underWay = resumeEnrolment();
        if (underWay.isPresent()) {
            return underWay.get();
        }
        passwords.require(password);
        return begin(me);
    }

    /**
     * A sign-in that must enrol (its password was just given): starts the set-up, or shows again the
     * one this browser began. Never to someone who still owes a code, which would let a stolen
     * password register its own device.
     */
    public Enrolment startEnrolmentAtSignIn() {
        SignedInAccount me = enrollingAccount();
        if (me.isComplete()) {
            throw new AccessDeniedException("A complete sign-in starts its set-up with the password");
        }
        return resumeEnrolment().orElseGet(() -> begin(me));
    }

    private Enrolment begin(SignedInAccount me) {
        String secret = totp.newSecret();
        String holder = thisBrowser();
        try {
            transactions.executeWithoutResult(status -> {
                if (stateOf(me.accountId()) == MfaState.ACTIVE) {
                    throw new ActionRefusedException("Multi-factor authentication is already active. Reset it to link a new device.");
                }
                Instant now = clock.instant();
                credentials.deleteReplaceableEnrolment(me.accountId(), now.minus(ENROLMENT_TIME), holder);
                // Fails on the primary key when another browser's set-up began meanwhile.
                credentials.save(new MfaCredential(me.accountId(), cipher.encrypt(secret, me.accountId()), now, holder));
                recoveryCodeStore.deleteAll(me.accountId());
                record(me.accountId(), MfaState.PENDING);
                publish(SecurityEventType.MFA_ENROLMENT_STARTED, me, null);
            });
        } catch (DataIntegrityViolationException underWay) {
            throw credentials.findById(me.accountId()).map(this::underWayElsewhere)
                    .orElseGet(() -> new ActionRefusedException(SET_UP_EXPIRED));
        }
        return enrolmentOf(me, secret);
    }

    /**
     * Profile Settings: the set-up dialog was closed (or Escape pressed) before activation. MFA goes
     * back to how it was: a set-up this browser began from "off" is undone (under enforcement too:
     * the grace period still applies, and after it the next sign-in asks); a set-up someone else
     * required (the root, a reset) stays pending.
     */
    public void cancelEnrolment(MfaState stateBefore) {
        SignedInAccount me = CurrentAccount.require();
        if (stateBefore != MfaState.OFF) {
            return;
        }
        transactions.executeWithoutResult(status -> {
            boolean ownSetUp = credentials.findById(me.accountId())
                    .filter(credential -> !credential.isActive())
                    .filter(credential -> Objects.equals(credential.getEnrolmentHolder(), thisBrowser()))
                    .isPresent();
            if (!ownSetUp || stateOf(me.accountId()) != MfaState.PENDING) {
                return;
            }
            forget(me.accountId());
            record(me.accountId(), MfaState.OFF);
            publish(SecurityEventType.MFA_ENROLMENT_CANCELLED, me, null);
        });
    }

    /**
     * Activates MFA once the user proves the app works with a correct code, and returns the ten
     * recovery codes to show once. Only their hashes are kept.
     */
    public List<String> activate(String typedCode) {
        SignedInAccount me = enrollingAccount();
        CodeInput input = CodeInput.ofTotpCode(typedCode, totp.policy());
        if (!input.isWellFormed()) {
            throw InvalidInputException.of("code", input.problem());
        }
        Attempt attempt = codeAttempts.reserve(me);
        MfaCredential credential = credentials.findById(me.accountId())
                .filter(found -> !found.isActive() && isUnderWay(found))
                .filter(found -> Objects.equals(found.getEnrolmentHolder(), thisBrowser()))
                .orElseThrow(() -> new ActionRefusedException(SET_UP_EXPIRED));
        OptionalLong step = totp.verify(readableSecret(credential.getEncryptedSecret(), me.accountId()), input.code());
        if (step.isEmpty()) {
            codeAttempts.failed(me, "code during set-up", attempt);
            throw InvalidInputException.of("code", WRONG_CODE);
        }
        RecoveryCodes.Issued issued = recoveryCodes.issue();
        transactions.executeWithoutResult(status -> {
            credential.activate(clock.instant(), step.getAsLong());
            credentials.save(credential);
            record(me.accountId(), MfaState.ACTIVE);
            recoveryCodeStore.replace(me.accountId(), issued.hashesToStore(), clock.instant());
            publish(SecurityEventType.MFA_ACTIVATED, me, null);
        });
        codeAttempts.succeeded(me.accountId());
        if (!me.isComplete()) {
            // Only the sign-in that activated its own set-up may then finish (SecondFactorService).
            BrowserSession.put(ACTIVATED_HERE, me.accountId());
        }
        return issued.codesToShow();
    }

    /**
     * Turns MFA off after the password and, while MFA is active, a current code. Refused while the
     * organization enforces MFA. Every other sign-in of the account ends.
     */
    public void turnOff(String password, String typedCode) {
        SignedInAccount me = CurrentAccount.require();
        if (isAlwaysRequired(me)) {
            throw new ActionRefusedException(me.hasRole(Roles.SUPPORT) ? SUPPORT_ALWAYS : ENFORCED);
        }
        passwords.require(password);
        if (stateOf(me.accountId()) == MfaState.ACTIVE) {
            verifyAndClaim(me, typedCode, "code while turning MFA off");
        }
        transactions.executeWithoutResult(status -> {
            forget(me.accountId());
            record(me.accountId(), MfaState.OFF);
            publish(SecurityEventType.MFA_TURNED_OFF, me, null);
            revocation.endOtherSignIns(me, "multi-factor authentication was turned off");
        });
    }

    /**
     * "Reset MFA for this account": forgets the device and the recovery codes; the next sign-in
     * makes the user enrol a new device. Needs a full sign-in and the password; every other sign-in
     * of the account ends, so nobody else can enrol their own device in the meantime.
     */
    public void reset(String password) {
        SignedInAccount me = CurrentAccount.require();
        if (stateOf(me.accountId()) == MfaState.OFF) {
            throw new ActionRefusedException("Multi-factor authentication is off for this account: there is nothing to reset.");
        }
        passwords.require(password);
        transactions.executeWithoutResult(status -> {
            forget(me.accountId());
            record(me.accountId(), MfaState.PENDING);
            publish(SecurityEventType.MFA_RESET, me, "Reset by the account owner");
            revocation.endOtherSignIns(me, "multi-factor authentication was reset");
        });
    }

    /** A new set of ten recovery codes; the old set stops working. */
    public List<String> regenerateRecoveryCodes(String password) {
        SignedInAccount me = CurrentAccount.require();
        if (stateOf(me.accountId()) != MfaState.ACTIVE) {
            throw new ActionRefusedException("Recovery codes exist only while multi-factor authentication is active.");
        }
        passwords.require(password);
        RecoveryCodes.Issued issued = recoveryCodes.issue();
        transactions.executeWithoutResult(status -> {
            recoveryCodeStore.replace(me.accountId(), issued.hashesToStore(), clock.instant());
            publish(SecurityEventType.MFA_RECOVERY_CODES_REGENERATED, me, null);
        });
        return issued.codesToShow();
    }

    /**
     * Checks a code against the account's active secret and claims its time step, so that the same
     * code is refused afterwards on every node. The attempt is counted before the check; wrong and
     * reused codes are audited.
     */
    void verifyAndClaim(SignedInAccount account, String typedCode, String what) {
        verifyAndClaim(account, typedCode, what, () -> null);
    }

    /**
     * {@link #verifyAndClaim(SignedInAccount, String, String)}, running {@code onSuccess} in the
     * claim's transaction and returning its answer. One transaction does it all (decision 0033): the
     * attempt is counted under the counter's row lock, so parallel codes of one account are checked
     * one after the other (a check takes microseconds); a right code claims its step, forgets the
     * wrong ones and does {@code onSuccess}; a wrong one stays counted and is audited. One commit.
     */
    <T> T verifyAndClaim(SignedInAccount account, String typedCode, String what, Supplier<T> onSuccess) {
        return verifyClaimAndHandOver(account, typedCode, what, wrongCodes -> {
            codeAttempts.succeededWithinTransaction(account.accountId());
            return onSuccess.get();
        });
    }

    /**
     * {@link #verifyAndClaim(SignedInAccount, String, String, Supplier)}, except that a right code's
     * claim hands the counter of the account's wrong codes to {@code afterClaim}, which must forget
     * it in the claim's transaction: the sign-in's session start does, in the one call that writes
     * the rest of the code step (SignInSessions#startAfterCode, decision 0065).
     */
    <T> T verifyClaimAndHandOver(SignedInAccount account, String typedCode, String what,
                                 Function<SignInSessions.CodeCounter, T> afterClaim) {
        CodeInput input = CodeInput.ofTotpCode(typedCode, totp.policy());
        if (!input.isWellFormed()) {
            throw InvalidInputException.of("code", input.problem());
        }
        // Lost to another node's claim, the whole transaction runs again (decision 0018) and then finds the step claimed.
        CodeOutcome<T> outcome = transactions.execute(status -> {
            // The credentials version and the credential read, from the snapshot taken before the counter's lock, and
            // the code counted, in one call (decision 0065).
            CodeChecks.Begun begun = codeAttempts.readAndReserveWithinTransaction(account);
            Optional<CodeCheck> read = begun.read();
            if (!account.isComplete()) {
                // A sign-in still owing its code is void once its password or MFA changed: the call counted nothing.
                CredentialChanges.requireStillValid(account, read.map(CodeCheck::credentialsVersion));
            }
            codeAttempts.requireCounted(account, begun);
            CodeCheck credential = read.filter(CodeCheck::active)
                    .orElseThrow(() -> new ActionRefusedException(CHANGED_MEANWHILE));
            String secret = readableSecret(credential.encryptedSecret(), account.accountId());
            long lastUsed = credential.lastUsedStep() == null ? TotpVerifier.NO_STEP_USED : credential.lastUsedStep();
            OptionalLong step = totp.verify(secret, input.code(), lastUsed);
            if (step.isPresent() && credentials.claimStep(account.accountId(), step.getAsLong()) == 1) {
                return new CodeOutcome<>(afterClaim.apply(codeAttempts.counterOf(account.accountId())), null);
            }
            boolean reused = totp.verify(secret, input.code()).isPresent();
            codeAttempts.failedWithinTransaction(account, reused ? "reused code" : what);
            return new CodeOutcome<T>(null, reused ? REUSED_CODE : WRONG_CODE);
        });
        if (outcome.refusal() != null) {
            throw InvalidInputException.of("code", outcome.refusal());
        }
        return outcome.value();
    }

    /** What a code's transaction decided: {@code onSuccess}'s answer, or why the code was refused. */
    private record CodeOutcome<T>(T value, String refusal) {
    }

    /** MFA cannot be turned off: the organization enforces it, or the account is support's. */
    private boolean isAlwaysRequired(SignedInAccount me) {
        return me.hasRole(Roles.SUPPORT) || enforcement.isMfaEnforced(me.organizationId());
    }

    /** Whether the signed-in account's own MFA is active: support work needs it (decision 0015). */
    @Transactional(readOnly = true)
    public boolean isMineActive() {
        return isActive(CurrentAccount.require().accountId());
    }

    boolean isActive(long accountId) {
        return stateOf(accountId) == MfaState.ACTIVE;
    }

    /** Whether a sign-in in this browser activated the account's MFA with its own set-up. */
    boolean wasActivatedInThisBrowser(long accountId) {
        return BrowserSession.get(ACTIVATED_HERE).filter(activated -> activated.equals(accountId)).isPresent();
    }

    private MfaState stateOf(long accountId) {
        return states.find(accountId).map(AccountMfa::state)
                .orElseThrow(() -> new AccessDeniedException("No account " + accountId));
    }

    /** The account's own MFA state, in the caller's transaction; a change by someone else meanwhile refuses it. */
    private void record(long accountId, MfaState state) {
        AccountMfa current = states.find(accountId).orElseThrow(() -> new AccessDeniedException("No account " + accountId));
        if (states.change(List.of(current), state) != 1) {
            throw new ConcurrentChangeException(CHANGED_MEANWHILE);
        }
    }

    /**
     * The account that may enrol: fully signed in, or signing in with enrolment owed and still
     * valid (its password and MFA unchanged since the password was checked).
     */
    private SignedInAccount enrollingAccount() {
        SignedInAccount me = CurrentAccount.findAnyStage()
                .orElseThrow(() -> new AccessDeniedException("Not signed in"));
        if (me.isComplete()) {
            return me;
        }
        if (me.stage() != SignInStage.MFA_ENROLMENT) {
            throw new AccessDeniedException("A sign-in that owes a code cannot enrol a device");
        }
        credentialChanges.requireStillValid(me);
        return me;
    }

    /**
     * The account's secret; one that cannot be read (altered, copied from another account, or under
     * a key no longer configured) refuses the code with a message, and says why in the log only.
     */
    private String readableSecret(String encryptedSecret, long accountId) {
        try {
            return cipher.decrypt(encryptedSecret, accountId);
        } catch (UnreadableSecretException e) {
            log.error("The stored TOTP secret of account {} cannot be read: {}", accountId, e.getMessage());
            throw new ActionRefusedException(SECRET_UNREADABLE);
        }
    }

    private boolean isUnderWay(MfaCredential credential) {
        return credential.getCreatedAt().isAfter(clock.instant().minus(ENROLMENT_TIME));
    }

    private ActionRefusedException underWayElsewhere(MfaCredential credential) {
        Instant ends = credential.getCreatedAt().plus(ENROLMENT_TIME);
        return new ActionRefusedException("A set-up of multi-factor authentication is already under way for this "
                + "account in another browser. Finish it there, or start again here in "
                + Times.minutesFrom(clock.instant(), ends) + ".");
    }

    private Enrolment enrolmentOf(SignedInAccount me, String secret) {
        String uri = totp.otpauthUri(properties.issuer(), me.email(), secret);
        return new Enrolment(secret, uri, totp.qrCodePng(uri));
    }

    /**
     * Who this browser is to a set-up under way: the hash of a random value kept in its servlet
     * session. Null outside a browser (a job, a test), which then counts as one browser.
     */
    private static String thisBrowser() {
        String value = BrowserSession.get(ENROLMENT_HOLDER).map(Object::toString).orElseGet(() -> {
            byte[] random = new byte[32];
            RANDOM.nextBytes(random);
            String created = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            return BrowserSession.put(ENROLMENT_HOLDER, created) ? created : null;
        });
        if (value == null) {
            return null;
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }

    private void forget(long accountId) {
        credentials.deleteByAccountId(accountId);
        recoveryCodeStore.deleteAll(accountId);
    }

    private void publish(SecurityEventType type, SignedInAccount me, String details) {
        AccountRef ref = new AccountRef(me.accountId(), me.email());
        events.publish(type, ref, me.organizationId(), ref, details);
    }
}
