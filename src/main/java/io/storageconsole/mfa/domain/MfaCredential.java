package io.storageconsole.mfa.domain;

import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.domain.Persistable;
import org.springframework.data.relational.core.mapping.Table;

/** An account's authenticator secret (encrypted) and the last time step a code was accepted for. */
@Table("mfa_credential")
public class MfaCredential implements Persistable<Long> {

    @Id
    private Long accountId;
    private String encryptedSecret;
    private Instant createdAt;
    private Instant activatedAt;
    private Long lastUsedStep;
    @Version
    private Integer version;

    protected MfaCredential() {
    }

    public MfaCredential(long accountId, String encryptedSecret, Instant createdAt) {
        this.accountId = accountId;
        this.encryptedSecret = encryptedSecret;
        this.createdAt = createdAt;
    }

    public void activate(Instant at, long step) {
        this.activatedAt = at;
        this.lastUsedStep = step;
    }

    public boolean isActive() {
        return activatedAt != null;
    }

    @Override
    public Long getId() {
        return accountId;
    }

    /** The id is the account's, so newness follows the version, which the database sets on insert. */
    @Override
    public boolean isNew() {
        return version == null;
    }

    public String getEncryptedSecret() {
        return encryptedSecret;
    }

    public Long getLastUsedStep() {
        return lastUsedStep;
    }
}
