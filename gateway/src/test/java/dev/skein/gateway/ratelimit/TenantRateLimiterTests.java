package dev.skein.gateway.ratelimit;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import dev.skein.gateway.GatewayProperties;

import static org.assertj.core.api.Assertions.assertThat;

class TenantRateLimiterTests {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    private final TenantRateLimiter limiter = new TenantRateLimiter(
            new GatewayProperties.RateLimit(60, Map.of("small", 2)), this.now::get);

    @Test
    void burstUpToTheLimitThenOneRequestPerRefillInterval() {
        for (int i = 0; i < 60; i++) {
            assertThat(this.limiter.acquire("t")).isZero();
        }
        // 60 per minute refills one token per second.
        assertThat(this.limiter.acquire("t")).isEqualTo(1);
        advance(400);
        assertThat(this.limiter.acquire("t")).isEqualTo(1);
        advance(600);
        assertThat(this.limiter.acquire("t")).isZero();
        assertThat(this.limiter.acquire("t")).isEqualTo(1);
    }

    @Test
    void tenantsHaveTheirOwnBucketsAndOverrides() {
        assertThat(this.limiter.acquire("small")).isZero();
        assertThat(this.limiter.acquire("small")).isZero();
        // 2 per minute: the next token is 30 s away.
        assertThat(this.limiter.acquire("small")).isEqualTo(30);
        assertThat(this.limiter.acquire("other")).isZero();
    }

    @Test
    void anIdleBucketRefillsOnlyUpToItsBurst() {
        for (int i = 0; i < 60; i++) {
            this.limiter.acquire("t");
        }
        advance(TimeUnit.HOURS.toMillis(1));
        for (int i = 0; i < 60; i++) {
            assertThat(this.limiter.acquire("t")).isZero();
        }
        assertThat(this.limiter.acquire("t")).isPositive();
    }

    private void advance(long millis) {
        this.now.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
    }

}
