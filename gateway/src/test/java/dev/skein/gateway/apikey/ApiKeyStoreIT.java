package dev.skein.gateway.apikey;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The key repositories against the real {@code gateway} schema, each step committed as
 * the gateway commits it (no test transaction), with fresh tenant ids.
 */
@ApiKeyPersistenceSlice
@Transactional(propagation = Propagation.NOT_SUPPORTED)
class ApiKeyStoreIT {

    @Autowired
    private ApiKeyStore store;

    @Autowired
    private ApiKeyRepository keys;

    @Autowired
    private TenantRepository tenants;

    @Autowired
    private PlatformTransactionManager transactionManager;

    @Test
    void anIssuedKeyResolvesToItsTenantUntilRevoked() {
        String tenant = "tenant-" + UUID.randomUUID();
        UUID keyId = issue(tenant, "hash-" + UUID.randomUUID());
        String hash = this.keys.findById(keyId).orElseThrow().keyHash();

        assertThat(this.store.activeTenantOf(hash)).contains(tenant);
        assertThat(this.tenants.findById(tenant)).isPresent();

        assertThat(this.store.revoke(keyId)).contains(hash);
        assertThat(this.store.activeTenantOf(hash)).isEmpty();
        assertThat(this.store.revoke(UUID.randomUUID())).isEmpty();
    }

    @Test
    void aRevocationKeepsTheFirstTime() {
        UUID keyId = issue("tenant-" + UUID.randomUUID(), "hash-" + UUID.randomUUID());
        this.store.revoke(keyId);
        Instant first = this.keys.findById(keyId).orElseThrow().revokedAt();

        this.store.revoke(keyId);

        assertThat(this.keys.findById(keyId).orElseThrow().revokedAt()).isEqualTo(first);
    }

    @Test
    void aKnownHashIsNeitherRegisteredAgainNorReactivated() {
        String tenant = "tenant-" + UUID.randomUUID();
        String hash = "hash-" + UUID.randomUUID();
        UUID keyId = issue(tenant, hash);
        this.store.revoke(keyId);

        transactions().executeWithoutResult(tx -> {
            this.store.ensureTenant(tenant);
            this.store.insertKeyIfNew(UUID.randomUUID(), tenant, hash, "again");
        });

        assertThat(this.store.activeTenantOf(hash)).isEmpty();
        assertThat(this.keys.findByKeyHash(hash)).map(ApiKey::id).contains(keyId);
    }

    @Test
    void ofTwoRevocationsAtOnceOnlyOneWrites() {
        UUID keyId = issue("tenant-" + UUID.randomUUID(), "hash-" + UUID.randomUUID());
        // the first admin call reads the key, then the second one revokes it and commits
        ApiKey readByFirst = transactions().execute(tx -> this.keys.findById(keyId).orElseThrow());
        this.store.revoke(keyId);
        Instant committed = this.keys.findById(keyId).orElseThrow().revokedAt();

        readByFirst.revoke(committed.plusSeconds(60));

        assertThatThrownBy(() -> transactions().executeWithoutResult(tx -> this.keys.save(readByFirst)))
            .isInstanceOf(OptimisticLockingFailureException.class);
        assertThat(this.keys.findById(keyId).orElseThrow().revokedAt()).isEqualTo(committed);
    }

    private UUID issue(String tenant, String hash) {
        UUID keyId = UUID.randomUUID();
        transactions().executeWithoutResult(tx -> {
            this.store.ensureTenant(tenant);
            this.store.ensureTenant(tenant);
            this.store.insertKey(keyId, tenant, hash, "test key");
        });
        return keyId;
    }

    private TransactionTemplate transactions() {
        return new TransactionTemplate(this.transactionManager);
    }

}
