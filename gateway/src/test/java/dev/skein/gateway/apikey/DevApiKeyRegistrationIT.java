package dev.skein.gateway.apikey;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.skein.gateway.GatewayProperties;
import dev.skein.testsupport.database.TestDatabase;

import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The development key against the real {@code gateway} schema, across "restarts" (each
 * run of the registration is what a start of the gateway in profile local does).
 */
class DevApiKeyRegistrationIT {

    private final String devKey = "sk-dev-" + UUID.randomUUID().toString().replace("-", "");

    private JdbcClient jdbc;

    private ApiKeyService keys;

    private TenantResolver tenants;

    private GatewayProperties properties;

    @BeforeEach
    void gatewaySchema() {
        TestDatabase database = TestDatabase.get();
        DataSource dataSource = new DriverManagerDataSource(database.url("gateway,public"), database.username(),
                database.password());
        Flyway.configure().dataSource(dataSource).schemas("gateway").load().migrate();
        this.jdbc = JdbcClient.create(dataSource);
        this.properties = new GatewayProperties(List.of(URI.create("http://m")), List.of(URI.create("http://r")),
                List.of(URI.create("http://g")), Duration.ofSeconds(60), null, this.devKey, 32000, 5000, 1024, 8192,
                Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ZERO,
                new GatewayProperties.RateLimit(600, null));
        ApiKeyStore store = new ApiKeyStore(this.jdbc);
        this.tenants = new TenantResolver(store, this.properties);
        this.keys = new ApiKeyService(store, this.tenants);
    }

    @Test
    void theDevKeyIsActiveAfterTheFirstStart() {
        start();

        assertThat(this.tenants.resolve(this.devKey)).contains(new Tenant(DevApiKeyRegistration.DEV_TENANT));
    }

    @Test
    void aRevokedDevKeyStaysRevokedAfterARestart() {
        start();
        UUID keyId = this.jdbc.sql("SELECT id FROM gateway.api_keys WHERE key_hash = :hash")
            .param("hash", ApiKeys.hash(this.devKey))
            .query(UUID.class)
            .single();
        assertThat(this.keys.revoke(keyId)).isTrue();

        start();
        start();

        assertThat(this.tenants.resolve(this.devKey)).isEmpty();
    }

    private void start() {
        new DevApiKeyRegistration(this.keys, this.properties).run(new DefaultApplicationArguments());
    }

}
