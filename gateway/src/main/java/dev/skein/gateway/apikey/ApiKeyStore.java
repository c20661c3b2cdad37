package dev.skein.gateway.apikey;

import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Tenants and key hashes in the {@code gateway} schema. */
@Repository
class ApiKeyStore {

    private final JdbcClient jdbc;

    ApiKeyStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void ensureTenant(String tenantId) {
        this.jdbc.sql("INSERT INTO gateway.tenants (id) VALUES (:id) ON CONFLICT (id) DO NOTHING")
            .param("id", tenantId)
            .update();
    }

    void insertKey(UUID keyId, String tenantId, String keyHash, String name) {
        this.jdbc.sql("""
                INSERT INTO gateway.api_keys (id, tenant_id, key_hash, name)
                VALUES (:id, :tenant, :hash, :name)
                """).param("id", keyId).param("tenant", tenantId).param("hash", keyHash).param("name", name).update();
    }

    /**
     * Registers a key with a known value (the dev key) unless that value is known
     * already, active or revoked: a revoked key is never re-activated.
     */
    void insertKeyIfNew(UUID keyId, String tenantId, String keyHash, String name) {
        this.jdbc.sql("""
                INSERT INTO gateway.api_keys (id, tenant_id, key_hash, name)
                VALUES (:id, :tenant, :hash, :name)
                ON CONFLICT (key_hash) DO NOTHING
                """).param("id", keyId).param("tenant", tenantId).param("hash", keyHash).param("name", name).update();
    }

    Optional<String> activeTenantOf(String keyHash) {
        return this.jdbc.sql("SELECT tenant_id FROM gateway.api_keys WHERE key_hash = :hash AND revoked_at IS NULL")
            .param("hash", keyHash)
            .query(String.class)
            .optional();
    }

    /**
     * Marks the key revoked (keeping the first revocation time); empty when there is no
     * such key.
     */
    Optional<String> revoke(UUID keyId) {
        return this.jdbc.sql("""
                UPDATE gateway.api_keys SET revoked_at = coalesce(revoked_at, now())
                WHERE id = :id RETURNING key_hash
                """).param("id", keyId).query(String.class).optional();
    }

}
