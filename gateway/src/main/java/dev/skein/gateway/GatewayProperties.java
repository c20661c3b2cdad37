package dev.skein.gateway;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the gateway; every value comes from a {@code SKEIN_...} variable in
 * application.yaml.
 *
 * @param memoryUrl the memory-service's instances (one base URL each, comma-separated in
 * {@code SKEIN_MEMORY_URLS}); the internal clients balance over them and fail over from a
 * dead one
 * @param retrievalUrl the retrieval-service's instances
 * @param generationUrl the generation-service's instances, whose internal API holds
 * long-form writing jobs
 * @param adminToken bearer token of the admin API; blank turns the admin API off (404)
 * @param devApiKey key of tenant {@code dev}, registered at startup in profile
 * {@code local} only
 * @param maxMetadataBytes largest serialized {@code metadata} object of one message
 * @param upstreamReadTimeout longer than the retrieval-service's search wait, which a
 * search with a watermark may spend in full
 * @param apiKeyCacheTtl how long a resolved key is trusted without asking the database,
 * so a turn does not pay a query; also how long a revocation takes to reach other
 * instances
 * @param rateLimit per-tenant request limits of the public API
 */
@Validated
@ConfigurationProperties("skein.gateway")
public record GatewayProperties(@NotEmpty List<URI> memoryUrl, @NotEmpty List<URI> retrievalUrl,
        @NotEmpty List<URI> generationUrl, @NotNull Duration turnTimeout, String adminToken, String devApiKey,
        @Positive int maxContentChars, @Positive int maxImportMessages, @Positive long maxRequestBytes,
        @Positive int maxMetadataBytes, @NotNull Duration upstreamConnectTimeout, @NotNull Duration upstreamReadTimeout,
        @NotNull Duration apiKeyCacheTtl, @NotNull @Valid RateLimit rateLimit) {

    public boolean adminApiEnabled() {
        return this.adminToken != null && !this.adminToken.isBlank();
    }

    /**
     * Requests per minute a tenant may make to {@code /v1/**}, counted in one bucket per
     * tenant in the database that every gateway instance takes from (each instance counts
     * alone only while the database is unreachable).
     *
     * @param perMinute the limit and the burst of every tenant without an override
     * @param overrides limits of single tenants, by tenant id
     */
    public record RateLimit(@Positive int perMinute, Map<String, @Positive Integer> overrides) {

        public RateLimit {
            overrides = overrides == null ? Map.of() : Map.copyOf(overrides);
        }

        public int perMinute(String tenantId) {
            return this.overrides.getOrDefault(tenantId, this.perMinute);
        }
    }
}
