package dev.skein.gateway.apikey;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.net.URI;
import java.time.Duration;
import java.util.List;

import dev.skein.gateway.GatewayProperties;
import dev.skein.testsupport.database.SkeinTestDatabase;

import org.springframework.boot.data.jpa.test.autoconfigure.DataJpaTest;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * The key store's slice of the gateway against the real {@code gateway} schema (Flyway
 * migrates it, Hibernate validates the entities against it): the repositories, the store,
 * the key service and the tenant resolver, nothing of the web or Kafka. One context for
 * every test class that carries it.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@DataJpaTest(showSql = false)
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@SkeinTestDatabase(currentSchema = "gateway,public")
@Import({ ApiKeyStore.class, ApiKeyService.class, TenantResolver.class, ApiKeyPersistenceSlice.Properties.class })
@interface ApiKeyPersistenceSlice {

    String DEV_KEY = "sk-dev-00000000000000000000000000000000";

    @TestConfiguration(proxyBeanMethods = false)
    class Properties {

        @Bean
        GatewayProperties gatewayProperties() {
            return new GatewayProperties(List.of(URI.create("http://m")), List.of(URI.create("http://r")),
                    List.of(URI.create("http://g")), Duration.ofSeconds(60), null, DEV_KEY, 32000, 5000, 1024, 8192,
                    Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ZERO,
                    new GatewayProperties.RateLimit(600, null));
        }

    }

}
