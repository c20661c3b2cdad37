package dev.skein.gateway.apikey;

import java.util.Optional;
import java.util.UUID;

import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Issuing and revoking keys; the plain key leaves this class once and is never stored.
 */
@Service
class ApiKeyService {

    private final ApiKeyStore store;

    private final TenantResolver tenants;

    ApiKeyService(ApiKeyStore store, TenantResolver tenants) {
        this.store = store;
        this.tenants = tenants;
    }

    @Transactional
    IssuedKey issue(String tenantId, String name) {
        String key = ApiKeys.generate();
        UUID keyId = UUID.randomUUID();
        this.store.ensureTenant(tenantId);
        this.store.insertKey(keyId, tenantId, ApiKeys.hash(key), name);
        return new IssuedKey(tenantId, keyId, key);
    }

    /**
     * Registers a key whose value is given (the dev key of profile local), unless it is
     * known already. A revocation is final: registering the same value again does not
     * bring a revoked key back.
     * @return whether the key is active (false when it was revoked)
     */
    @Transactional
    boolean register(String tenantId, String key, String name) {
        String hash = ApiKeys.hash(key);
        this.store.ensureTenant(tenantId);
        this.store.insertKeyIfNew(UUID.randomUUID(), tenantId, hash, name);
        this.tenants.evict(hash);
        return this.store.activeTenantOf(hash).isPresent();
    }

    boolean revoke(UUID keyId) {
        Optional<String> revoked;
        try {
            revoked = this.store.revoke(keyId);
        }
        catch (OptimisticLockingFailureException ex) {
            // another call revoked it in the meantime; read it again (revoked either way)
            revoked = this.store.revoke(keyId);
        }
        return revoked.map(hash -> {
            this.tenants.evict(hash);
            return true;
        }).orElse(false);
    }

    record IssuedKey(String tenantId, UUID keyId, String apiKey) {
    }

}
