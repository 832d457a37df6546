package io.storageconsole.security;

import java.io.Serial;
import java.util.Collection;
import java.util.List;
import org.springframework.security.core.CredentialsContainer;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

/**
 * The principal of a signed-in person. Carries what services need to authorize a call without a
 * database round trip: the account, its organization and its role.
 */
public final class SignedInAccount implements UserDetails, CredentialsContainer {

    @Serial
    private static final long serialVersionUID = 1L;

    private final long accountId;
    private final Long organizationId;
    private final String email;
    private final String role;
    private final SignInStage stage;
    private final int credentialsVersion;
    private final String mfaStateAsRead;
    private String passwordHash;

    /**
     * @param credentialsVersion the account's count of credential changes when the password was
     *                           checked: a sign-in still owing its second factor is void once it moved
     */
    public SignedInAccount(long accountId, Long organizationId, String email, String role,
                           SignInStage stage, int credentialsVersion, String passwordHash) {
        this(accountId, organizationId, email, role, stage, credentialsVersion, null, passwordHash);
    }

    private SignedInAccount(long accountId, Long organizationId, String email, String role,
                            SignInStage stage, int credentialsVersion, String mfaStateAsRead, String passwordHash) {
        this.accountId = accountId;
        this.organizationId = organizationId;
        this.email = email;
        this.role = role;
        this.stage = stage;
        this.credentialsVersion = credentialsVersion;
        this.mfaStateAsRead = mfaStateAsRead;
        this.passwordHash = passwordHash;
    }

    /**
     * The account as the password step read it, owing a code until the MFA feature has said otherwise.
     *
     * @param mfaStateAsRead the name of its MFA state in the same read, so the MFA feature decides the
     *                       stage without reading the account again (SecondFactorPolicy)
     */
    public static SignedInAccount atPasswordStep(long accountId, Long organizationId, String email, String role,
                                                 String mfaStateAsRead, int credentialsVersion, String passwordHash) {
        return new SignedInAccount(accountId, organizationId, email, role, SignInStage.MFA_CHALLENGE, credentialsVersion,
                mfaStateAsRead, passwordHash);
    }

    /** A fully signed-in account, as after sign-in without MFA; its console session keeps it valid. */
    public static SignedInAccount complete(long accountId, Long organizationId, String email, String role) {
        return new SignedInAccount(accountId, organizationId, email, role, SignInStage.COMPLETE, 0, null);
    }

    /**
     * The same sign-in at the stage the MFA feature decided once the password was accepted. The MFA
     * state as read stays behind: it is not kept up to date, so nothing after the password step may go by it.
     */
    public SignedInAccount atStage(SignInStage newStage) {
        return new SignedInAccount(accountId, organizationId, email, role, newStage, credentialsVersion, passwordHash);
    }

    /** The same person, now past the second factor. */
    public SignedInAccount completed() {
        return new SignedInAccount(accountId, organizationId, email, role, SignInStage.COMPLETE, credentialsVersion, null);
    }

    public int credentialsVersion() {
        return credentialsVersion;
    }

    /** The name of the MFA state read with the account at the password step; null on any later principal. */
    public String mfaStateAsRead() {
        return mfaStateAsRead;
    }

    public SignInStage stage() {
        return stage;
    }

    public boolean isComplete() {
        return stage == SignInStage.COMPLETE;
    }

    public long accountId() {
        return accountId;
    }

    /** Null for support staff, who belong to no organization. */
    public Long organizationId() {
        return organizationId;
    }

    public String email() {
        return email;
    }

    public String role() {
        return role;
    }

    public boolean hasRole(String candidate) {
        return role.equals(candidate);
    }

    /** Until the second factor is passed, the only authority is the one that opens the MFA page. */
    @Override
    public Collection<? extends GrantedAuthority> getAuthorities() {
        return List.of(new SimpleGrantedAuthority(Roles.authority(isComplete() ? role : Roles.MFA_PENDING)));
    }

    @Override
    public String getPassword() {
        return passwordHash;
    }

    @Override
    public String getUsername() {
        return email;
    }

    @Override
    public boolean isEnabled() {
        return passwordHash != null;
    }

    @Override
    public void eraseCredentials() {
        passwordHash = null;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SignedInAccount that && that.accountId == accountId;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(accountId);
    }

    @Override
    public String toString() {
        return "SignedInAccount[" + accountId + ", " + role + ", " + stage + "]";
    }
}
