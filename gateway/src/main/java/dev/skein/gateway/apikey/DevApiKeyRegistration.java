package dev.skein.gateway.apikey;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.skein.gateway.GatewayProperties;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * The local stack's development key ({@code SKEIN_DEV_API_KEY}) for tenant {@code dev}.
 * Only in profile {@code local}: a production gateway must never accept a key from its
 * environment. Registered once: a revoked development key stays revoked across restarts.
 */
@Component
@Profile("local")
class DevApiKeyRegistration implements ApplicationRunner {

    static final String DEV_TENANT = "dev";

    private static final Logger log = LoggerFactory.getLogger(DevApiKeyRegistration.class);

    private final ApiKeyService keys;

    private final GatewayProperties properties;

    DevApiKeyRegistration(ApiKeyService keys, GatewayProperties properties) {
        this.keys = keys;
        this.properties = properties;
    }

    @Override
    public void run(ApplicationArguments args) {
        String key = this.properties.devApiKey();
        if (key == null || key.isBlank()) {
            return;
        }
        if (this.keys.register(DEV_TENANT, key.trim(), "development key")) {
            log.info("Development API key of tenant '{}' is active (profile local)", DEV_TENANT);
        }
        else {
            log.warn("The development API key of tenant '{}' was revoked and stays revoked; "
                    + "set another SKEIN_DEV_API_KEY for a new one", DEV_TENANT);
        }
    }

}
