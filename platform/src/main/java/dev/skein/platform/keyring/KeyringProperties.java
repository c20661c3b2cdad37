package dev.skein.platform.keyring;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The conversation keys ({@code skein.keyring.*}).
 *
 * @param enabled encrypt conversation events; off only in tests that read topics in clear
 * (reading clear events stays possible either way)
 * @param masterKey the master key ({@code SKEIN_MASTER_KEY}), at least 32 characters
 * @param masterKeyFile a file holding it instead ({@code SKEIN_MASTER_KEY_FILE}, what
 * {@code infra/skein up} passes)
 * @param cacheTtl how long a service keeps a data key it read: after an erasure, another
 * service can still use the erased key for at most this long
 * @param cacheSize keys kept per service (each cache is emptied when it is full)
 */
@ConfigurationProperties("skein.keyring")
@Validated
public record KeyringProperties(@DefaultValue("true") boolean enabled, @Nullable String masterKey,
        @Nullable String masterKeyFile, @DefaultValue("10s") @NotNull Duration cacheTtl,
        @DefaultValue("100000") @Min(1) int cacheSize) {

    @Override
    public String toString() {
        return "KeyringProperties[enabled=" + this.enabled + ", masterKeyFile=" + this.masterKeyFile + ", cacheTtl="
                + this.cacheTtl + "]";
    }

}
