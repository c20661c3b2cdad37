package dev.skein.platform.keyring;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The keyring of every service with a database (all four): the schema is created at
 * start, and with {@code skein.keyring.enabled} (the default) a service without a master
 * key does not start, like one without its service-token secret.
 */
@AutoConfiguration(afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@ConditionalOnClass(name = "org.springframework.jdbc.core.JdbcTemplate")
@ConditionalOnBean(DataSource.class)
@EnableConfigurationProperties(KeyringProperties.class)
public class KeyringAutoConfiguration {

    private final SecureRandom random = new SecureRandom();

    @Bean
    Keyring keyring(DataSource dataSource, KeyringProperties properties) {
        Keyring keyring = new Keyring(dataSource, masterKey(properties), this.random, properties.cacheTtl(),
                properties.cacheSize());
        keyring.createSchema();
        return keyring;
    }

    @Bean
    @ConditionalOnProperty(name = "skein.keyring.enabled", matchIfMissing = true)
    EventCipher eventCipher(Keyring keyring, KeyringProperties properties) {
        if (masterKey(properties) == null) {
            throw new IllegalStateException(
                    "skein.keyring.master-key (SKEIN_MASTER_KEY) or skein.keyring.master-key-file "
                            + "(SKEIN_MASTER_KEY_FILE) is not set: conversation events cannot be encrypted. infra/skein up "
                            + "generates one into $SKEIN_HOME/master-key; see docs/erasure.md.");
        }
        return new EventCipher(keyring, this.random);
    }

    private @Nullable MasterKey masterKey(KeyringProperties properties) {
        String secret = properties.masterKey();
        if ((secret == null || secret.isBlank()) && properties.masterKeyFile() != null
                && !properties.masterKeyFile().isBlank()) {
            try {
                secret = Files.readString(Path.of(properties.masterKeyFile()), StandardCharsets.UTF_8).strip();
            }
            catch (IOException ex) {
                throw new IllegalStateException("Cannot read the master key file " + properties.masterKeyFile(), ex);
            }
        }
        return secret == null || secret.isBlank() ? null : MasterKey.of(secret.strip(), this.random);
    }

}
