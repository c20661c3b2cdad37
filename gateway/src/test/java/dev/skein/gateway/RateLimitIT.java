package dev.skein.gateway;

import java.net.http.HttpResponse;
import java.sql.Timestamp;

import dev.skein.gateway.ratelimit.OtherInstance;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Per-tenant token buckets shared by the gateway instances: {@link #RATE_LIMITED_TENANT}
 * may make 3 requests a minute.
 */
class RateLimitIT extends AbstractGatewayIT {

    @Autowired
    JdbcTemplate jdbc;

    /**
     * The buckets are in the database, which outlives a test run: start from a full one.
     */
    @BeforeEach
    void fullBucket() {
        this.jdbc.update("DELETE FROM rate_limit_buckets WHERE tenant_id = ?", RATE_LIMITED_TENANT);
    }

    @Test
    void gatewayInstancesTakeFromOneBucketPerTenant() {
        String key = newApiKey(RATE_LIMITED_TENANT);
        String path = "/v1/conversations/" + newId("conv");
        OtherInstance other = new OtherInstance(this.jdbc, RATE_LIMITED_TENANT, 3);

        assertThat(other.acquire(RATE_LIMITED_TENANT)).isZero();
        assertThat(other.acquire(RATE_LIMITED_TENANT)).isZero();
        // the third of the tenant's 3 a minute, through this instance
        assertThat(get(path, key).statusCode()).isEqualTo(404);

        assertProblem(get(path, key), 429, "rate-limited");
        assertThat(other.acquire(RATE_LIMITED_TENANT)).isBetween(1L, 60L);
    }

    /**
     * 180 a minute: an instance takes 3 tokens (a second's refill) at once and spends
     * them without a statement.
     */
    @Test
    void anInstanceSpendsASecondsRefillWithoutAStatement() {
        String tenant = newId("tenant");
        OtherInstance instance = new OtherInstance(this.jdbc, tenant, 180);

        assertThat(instance.acquire(tenant)).isZero();
        assertThat(bucket(tenant)).isEqualTo(177.0);
        Timestamp leased = refilledAt(tenant);
        assertThat(instance.acquire(tenant)).isZero();
        assertThat(instance.acquire(tenant)).isZero();
        // no statement touched the bucket: the two came from the lease
        assertThat(refilledAt(tenant)).isEqualTo(leased);
        assertThat(bucket(tenant)).isEqualTo(177.0);

        assertThat(instance.acquire(tenant)).isZero();
        assertThat(refilledAt(tenant)).isAfter(leased);
    }

    private double bucket(String tenant) {
        return this.jdbc.queryForObject("SELECT tokens FROM rate_limit_buckets WHERE tenant_id = ?", Double.class,
                tenant);
    }

    private Timestamp refilledAt(String tenant) {
        return this.jdbc.queryForObject("SELECT refilled_at FROM rate_limit_buckets WHERE tenant_id = ?",
                Timestamp.class, tenant);
    }

    @Test
    void tenantOverItsLimitGets429WithRetryAfterAndOthersAreUnaffected() {
        String limitedKey = newApiKey(RATE_LIMITED_TENANT);
        String otherKey = newApiKey(newId("tenant"));
        String path = "/v1/conversations/" + newId("conv");

        for (int i = 0; i < 3; i++) {
            // The stand-in knows no conversation: 404, but the request counted.
            assertThat(get(path, limitedKey).statusCode()).isEqualTo(404);
        }
        HttpResponse<String> limited = get(path, limitedKey);

        assertProblem(limited, 429, "rate-limited");
        assertThat(limited.headers().firstValue("Retry-After"))
            .hasValueSatisfying(seconds -> assertThat(Long.parseLong(seconds)).isBetween(1L, 60L));
        assertThat(get(path, otherKey).statusCode()).isEqualTo(404);
        // The admin API and the API description are not limited.
        assertThat(issueKey(RATE_LIMITED_TENANT).path("apiKey").asString()).startsWith("sk-skein-");
        assertThat(get("/v3/api-docs", null).statusCode()).isEqualTo(200);
        // All keys of a tenant share its bucket.
        assertProblem(get(path, newApiKey(RATE_LIMITED_TENANT)), 429, "rate-limited");
    }

}
