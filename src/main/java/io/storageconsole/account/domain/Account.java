package io.storageconsole.account.domain;

import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.ReadOnlyProperty;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Table;

@Table("account")
public class Account {

    @Id
    private Long id;
    private Long organizationId;
    private String email;
    private AccountRole role;
    private String passwordHash;
    private boolean consoleAccess;
    /** Written only by the MFA feature (MfaStates); a save of this account never writes it. */
    @ReadOnlyProperty
    private MfaState mfaState;
    private Instant createdAt;
    private Instant lastSignInAt;
    private int credentialsVersion;
    /** Set when the root user chose the password: the first sign-in asks for one of the user's own. */
    private boolean passwordChangeRequired;
    @Version
    private Integer version;

    protected Account() {
    }

    private Account(Long organizationId, String email, AccountRole role, String passwordHash,
                    Instant createdAt) {
        this.organizationId = organizationId;
        this.email = email;
        this.role = role;
        this.passwordHash = passwordHash;
        this.consoleAccess = passwordHash != null;
        this.mfaState = MfaState.OFF;
        this.createdAt = createdAt;
    }

    public static Account root(long organizationId, String email, String passwordHash, Instant now) {
        return new Account(organizationId, email, AccountRole.ROOT, passwordHash, now);
    }

    /** A sub-user without a password has no console login, only API keys. */
    public static Account subUser(long organizationId, String email, String passwordHash, Instant now) {
        return new Account(organizationId, email, AccountRole.SUB_USER, passwordHash, now);
    }

    /** A sub-user invited to the console by email: access granted, the password theirs to set by the link. */
    public static Account invitedSubUser(long organizationId, String email, Instant now) {
        Account account = subUser(organizationId, email, null, now);
        account.consoleAccess = true;
        return account;
    }

    public static Account support(String email, String passwordHash, Instant now) {
        return new Account(null, email, AccountRole.SUPPORT, passwordHash, now);
    }

    /** The user's own new password (or one the root sets and then requires changed, see below). */
    public void changePasswordHash(String newHash) {
        this.passwordHash = newHash;
        this.consoleAccess = true;
        this.passwordChangeRequired = false;
    }

    /** The password was chosen by the root user: the user's first sign-in asks for one of their own. */
    public void requirePasswordChange() {
        this.passwordChangeRequired = true;
    }

    /** Console access by an invitation: no password until the user chooses one by the link. */
    public void inviteToConsole() {
        this.passwordHash = null;
        this.consoleAccess = true;
        this.passwordChangeRequired = false;
    }

    /** Removes the password too, so that turning access on again needs a new one, never the old. */
    public void turnOffConsoleAccess() {
        this.passwordHash = null;
        this.consoleAccess = false;
        this.passwordChangeRequired = false;
    }

    public void recordSignIn(Instant at) {
        this.lastSignInAt = at;
    }

    public Long getId() {
        return id;
    }

    public Long getOrganizationId() {
        return organizationId;
    }

    public String getEmail() {
        return email;
    }

    public AccountRole getRole() {
        return role;
    }

    public String getPasswordHash() {
        return passwordHash;
    }

    public boolean hasConsoleAccess() {
        return consoleAccess && passwordHash != null;
    }

    /** Invited to the console by email and not yet through the link: no password, no sign-in yet. */
    public boolean isInvited() {
        return consoleAccess && passwordHash == null;
    }

    public boolean isPasswordChangeRequired() {
        return passwordChangeRequired;
    }

    public MfaState getMfaState() {
        return mfaState;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getLastSignInAt() {
        return lastSignInAt;
    }

    /** How often the password or MFA of the account changed: pending sign-ins are bound to it. */
    public int getCredentialsVersion() {
        return credentialsVersion;
    }

    public Integer getVersion() {
        return version;
    }
}
