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
    private String enrolmentHolder;
    @Version
    private Integer version;

    protected MfaCredential() {
    }

    /**
     * A set-up under way.
     *
     * @param enrolmentHolder hash identifying the browser that started it (null outside a browser)
     */
    public MfaCredential(long accountId, String encryptedSecret, Instant createdAt, String enrolmentHolder) {
        this.accountId = accountId;
        this.encryptedSecret = encryptedSecret;
        this.createdAt = createdAt;
        this.enrolmentHolder = enrolmentHolder;
    }

    public void activate(Instant at, long step) {
        this.activatedAt = at;
        this.lastUsedStep = step;
        this.enrolmentHolder = null;
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

    public Instant getActivatedAt() {
        return activatedAt;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public String getEnrolmentHolder() {
        return enrolmentHolder;
    }
}
