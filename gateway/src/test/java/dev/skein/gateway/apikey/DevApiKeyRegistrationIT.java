package dev.skein.gateway.apikey;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.skein.gateway.GatewayProperties;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The development key against the real {@code gateway} schema, across "restarts" (each
 * run of the registration is what a start of the gateway in profile local does). Each
 * test runs in a transaction that is rolled back, so every test starts without the key.
 */
@ApiKeyPersistenceSlice
class DevApiKeyRegistrationIT {

    @Autowired
    private JdbcClient jdbc;

    @Autowired
    private ApiKeyService keys;

    @Autowired
    private TenantResolver tenants;

    @Autowired
    private GatewayProperties properties;

    @Test
    void theDevKeyIsActiveAfterTheFirstStart() {
        start();

        assertThat(this.tenants.resolve(ApiKeyPersistenceSlice.DEV_KEY))
            .contains(new Tenant(DevApiKeyRegistration.DEV_TENANT));
    }

    @Test
    void aRevokedDevKeyStaysRevokedAfterARestart() {
        start();
        UUID keyId = this.jdbc.sql("SELECT id FROM gateway.api_keys WHERE key_hash = :hash")
            .param("hash", ApiKeys.hash(ApiKeyPersistenceSlice.DEV_KEY))
            .query(UUID.class)
            .single();
        assertThat(this.keys.revoke(keyId)).isTrue();

        start();
        start();

        assertThat(this.tenants.resolve(ApiKeyPersistenceSlice.DEV_KEY)).isEmpty();
    }

    private void start() {
        new DevApiKeyRegistration(this.keys, this.properties).run(new DefaultApplicationArguments());
    }

}
