package dev.skein.gateway.ratelimit;

import java.util.Map;

import dev.skein.gateway.GatewayProperties;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The rate limiter a second gateway instance would run, on the same database: for tests
 * outside this package.
 */
public final class OtherInstance {

    private final RateLimiter limiter;

    public OtherInstance(JdbcTemplate jdbc, String tenantId, int perMinute) {
        GatewayProperties.RateLimit limits = new GatewayProperties.RateLimit(100_000, Map.of(tenantId, perMinute));
        this.limiter = new SharedRateLimiter(jdbc, limits, tenant -> {
            throw new AssertionError("the shared buckets must be reachable in this test");
        });
    }

    /** 0 when granted, else the seconds to wait. */
    public long acquire(String tenantId) {
        return this.limiter.acquire(tenantId);
    }

}
