package dev.skein.gateway.apikey;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * A stored API key: its hash, its tenant and whether it is revoked. The plain key is
 * never here. Versioned, because two admin calls may revoke the same key at once.
 */
@Entity
@Table(name = "api_keys", schema = "gateway")
class ApiKey {

    @Id
    private UUID id;

    // the tenant's id, not the entity: a key is only ever read for its tenant's id
    @Column(name = "tenant_id", nullable = false, updatable = false)
    private String tenantId;

    @Column(name = "key_hash", nullable = false, updatable = false)
    private String keyHash;

    private String name;

    // the database's now(), as for the rows the native inserts write
    @Column(name = "created_at", insertable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "revoked_at")
    private Instant revokedAt;

    // a wrapper, so Spring Data sees a new key (null) and persists it without a SELECT
    // first
    @Version
    private Long version;

    protected ApiKey() {
    }

    ApiKey(UUID id, String tenantId, String keyHash, String name) {
        this.id = id;
        this.tenantId = tenantId;
        this.keyHash = keyHash;
        this.name = name;
    }

    /** Revokes the key, keeping the time of the first revocation. */
    void revoke(Instant at) {
        if (this.revokedAt == null) {
            this.revokedAt = at;
        }
    }

    UUID id() {
        return this.id;
    }

    String tenantId() {
        return this.tenantId;
    }

    String keyHash() {
        return this.keyHash;
    }

    Instant revokedAt() {
        return this.revokedAt;
    }

}
