package dev.skein.gateway.ratelimit;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import dev.skein.gateway.GatewayProperties;

/**
 * One token bucket per tenant, in this instance's memory (what {@link SharedRateLimiter}
 * falls back to while the database is unreachable): a tenant may burst up to its
 * per-minute limit, then gets one request per 60 s / limit. The buckets are as many as
 * the tenants that called this instance (tenants are few and authenticated, so the map
 * needs no eviction).
 */
class TenantRateLimiter implements RateLimiter {

    private static final long MINUTE_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final GatewayProperties.RateLimit limits;

    private final LongSupplier nanoClock;

    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();

    TenantRateLimiter(GatewayProperties.RateLimit limits, LongSupplier nanoClock) {
        this.limits = limits;
        this.nanoClock = nanoClock;
    }

    /**
     * Takes one request from the tenant's bucket; answers 0 if allowed, else the seconds
     * to wait (≥ 1).
     */
    @Override
    public long acquire(String tenantId) {
        TokenBucket bucket = this.buckets.computeIfAbsent(tenantId,
                id -> new TokenBucket(this.limits.perMinute(id), this.nanoClock.getAsLong()));
        long waitNanos = bucket.acquire(this.nanoClock.getAsLong());
        return waitNanos == 0 ? 0 : Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
    }

    private static final class TokenBucket {

        private final double capacity;

        private final double tokensPerNano;

        private double tokens;

        private long refilledAt;

        TokenBucket(int perMinute, long now) {
            this.capacity = perMinute;
            this.tokensPerNano = perMinute / (double) MINUTE_NANOS;
            this.tokens = perMinute;
            this.refilledAt = now;
        }

        /** Nanoseconds until a token is available; 0 when one was taken. */
        synchronized long acquire(long now) {
            if (now > this.refilledAt) {
                this.tokens = Math.min(this.capacity, this.tokens + (now - this.refilledAt) * this.tokensPerNano);
                this.refilledAt = now;
            }
            if (this.tokens >= 1) {
                this.tokens -= 1;
                return 0;
            }
            return (long) Math.ceil((1 - this.tokens) / this.tokensPerNano);
        }

    }

}
