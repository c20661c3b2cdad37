package dev.skein.gateway.apikey;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** Tenants and key hashes in the {@code gateway} schema, through their repositories. */
@Repository
class ApiKeyStore {

    private final TenantRepository tenants;

    private final ApiKeyRepository keys;

    ApiKeyStore(TenantRepository tenants, ApiKeyRepository keys) {
        this.tenants = tenants;
        this.keys = keys;
    }

    void ensureTenant(String tenantId) {
        this.tenants.ensure(tenantId);
    }

    void insertKey(UUID keyId, String tenantId, String keyHash, String name) {
        this.keys.save(new ApiKey(keyId, tenantId, keyHash, name));
    }

    /**
     * Registers a key with a known value (the dev key) unless that value is known
     * already, active or revoked: a revoked key is never re-activated.
     */
    void insertKeyIfNew(UUID keyId, String tenantId, String keyHash, String name) {
        this.keys.insertIfNew(keyId, tenantId, keyHash, name);
    }

    Optional<String> activeTenantOf(String keyHash) {
        return this.keys.activeTenantOf(keyHash);
    }

    /**
     * Marks the key revoked (keeping the first revocation time); empty when there is no
     * such key. Two revocations at once: the later commit fails with an optimistic
     * locking failure (the key's version), and the caller tries again.
     */
    @Transactional
    Optional<String> revoke(UUID keyId) {
        return this.keys.findById(keyId).map(key -> {
            key.revoke(Instant.now());
            return key.keyHash();
        });
    }

}
