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

    public Instant getCreatedAt() {
        return createdAt;
    }
}
