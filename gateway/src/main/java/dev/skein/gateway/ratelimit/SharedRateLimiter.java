package dev.skein.gateway.ratelimit;

import java.util.concurrent.atomic.AtomicLong;

import dev.skein.gateway.GatewayProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The tenants' token buckets in PostgreSQL (table {@code rate_limit_buckets}), so that
 * every gateway instance takes from the same bucket: a tenant may burst up to its
 * per-minute limit, then gets one request per 60 s / limit, however many instances it
 * calls. One statement per request refills the row by the time elapsed on the database's
 * clock, takes a token when there is one and answers whether it did; the row lock orders
 * concurrent requests of one tenant, and tenants never wait for each other. It costs one
 * round trip (about 0.1-0.2 ms on a local database, see docs/scaling-instances.md).
 *
 * <p>
 * While the database cannot be reached each instance counts on its own
 * ({@link TenantRateLimiter}): a limit N times too high for a while is better than
 * refusing or failing every request.
 */
class SharedRateLimiter implements RateLimiter {

    private static final Logger log = LoggerFactory.getLogger(SharedRateLimiter.class);

    // now(): the start of the statement's own transaction, one clock for all instances;
    // GREATEST: a transaction that started before the last refill neither refills twice
    // nor moves the refill time back
    private static final String TAKE = """
            INSERT INTO rate_limit_buckets AS b (tenant_id, tokens, refilled_at, granted)
            VALUES (?, ?::float8 - 1, now(), true)
            ON CONFLICT (tenant_id) DO UPDATE SET
                tokens = LEAST(?, b.tokens + GREATEST(0, EXTRACT(EPOCH FROM now() - b.refilled_at)::float8) * ?)
                    - CASE WHEN LEAST(?, b.tokens + GREATEST(0, EXTRACT(EPOCH FROM now() - b.refilled_at)::float8) * ?) >= 1
                      THEN 1 ELSE 0 END,
                granted = LEAST(?, b.tokens + GREATEST(0, EXTRACT(EPOCH FROM now() - b.refilled_at)::float8) * ?) >= 1,
                refilled_at = GREATEST(b.refilled_at, now())
            RETURNING granted, tokens""";

    private static final long WARN_EVERY_NANOS = 60_000_000_000L;

    private final JdbcTemplate jdbc;

    private final GatewayProperties.RateLimit limits;

    private final RateLimiter fallback;

    private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);

    SharedRateLimiter(JdbcTemplate jdbc, GatewayProperties.RateLimit limits, RateLimiter fallback) {
        this.jdbc = jdbc;
        this.limits = limits;
        this.fallback = fallback;
    }

    @Override
    public long acquire(String tenantId) {
        double capacity = this.limits.perMinute(tenantId);
        double perSecond = capacity / 60.0;
        Bucket bucket;
        try {
            bucket = this.jdbc.queryForObject(TAKE,
                    (rs, row) -> new Bucket(rs.getBoolean("granted"), rs.getDouble("tokens")), tenantId, capacity,
                    capacity, perSecond, capacity, perSecond, capacity, perSecond);
        }
        catch (DataAccessException ex) {
            long now = System.nanoTime();
            long last = this.lastWarning.get();
            if (now - last >= WARN_EVERY_NANOS && this.lastWarning.compareAndSet(last, now)) {
                log.warn("Rate limits are counted by this instance alone: the shared buckets are unreachable ({})",
                        ex.getMostSpecificCause().toString());
            }
            return this.fallback.acquire(tenantId);
        }
        if (bucket == null || bucket.granted()) {
            return 0;
        }
        return Math.max(1, (long) Math.ceil((1 - bucket.tokens()) / perSecond));
    }

    private record Bucket(boolean granted, double tokens) {
    }

}
