package io.storageconsole.organization.domain;

import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Table;

@Table("organization")
public class Organization {

    @Id
    private Long id;
    private String name;
    private Instant createdAt;
    private boolean mfaEnforced;
    private Instant mfaGraceEndsAt;
    /** Minutes without activity after which a session ends; 30 days unless the root changed it. */
    private int sessionIdleMinutes = 30 * 24 * 60;
    /** Days after sign-in after which a session ends whatever the activity; null for no limit. */
    private Integer sessionMaxDays;
    @Version
    private Integer version;

    protected Organization() {
    }

    public Organization(String name, Instant createdAt) {
        this.name = name;
        this.createdAt = createdAt;
    }

    public Long getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public boolean isMfaEnforced() {
        return mfaEnforced;
    }

    /** When a grace period lets users without MFA sign in until; null for none. */
    public Instant getMfaGraceEndsAt() {
        return mfaGraceEndsAt;
    }

    public boolean isEnrolmentRequiredAt(Instant now) {
        return mfaEnforced && (mfaGraceEndsAt == null || !now.isBefore(mfaGraceEndsAt));
    }

    public void enforceMfa(Instant graceEndsAt) {
        this.mfaEnforced = true;
        this.mfaGraceEndsAt = graceEndsAt;
    }

    public void stopEnforcingMfa() {
        this.mfaEnforced = false;
        this.mfaGraceEndsAt = null;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public int getSessionIdleMinutes() {
        return sessionIdleMinutes;
    }

    public Integer getSessionMaxDays() {
        return sessionMaxDays;
    }

    /** The service checks the range; this only records it. */
    public void limitSessions(int idleMinutes, Integer maxDays) {
        this.sessionIdleMinutes = idleMinutes;
        this.sessionMaxDays = maxDays;
    }
}
