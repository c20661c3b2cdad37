package dev.skein.gateway.ratelimit;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import dev.skein.gateway.GatewayProperties;

import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shared buckets unreachable: the statement against a real database is in
 * {@code RateLimitIT}; here the database's pool gives no connection.
 */
class SharedRateLimiterTests {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    private final AtomicInteger statements = new AtomicInteger();

    private final AtomicInteger counted = new AtomicInteger();

    private final JdbcTemplate unreachable = new JdbcTemplate() {
        @Override
        public <T> T queryForObject(String sql, RowMapper<T> rowMapper, Object... args) {
            SharedRateLimiterTests.this.statements.incrementAndGet();
            throw new CannotGetJdbcConnectionException("Connection is not available, request timed out");
        }
    };

    private final SharedRateLimiter limiter = new SharedRateLimiter(this.unreachable,
            new GatewayProperties.RateLimit(600, Map.of()), tenant -> {
                this.counted.incrementAndGet();
                return 0;
            }, this.now::get);

    /**
     * The requests of a tenant queue for its lease: after a failure they must not each
     * wait out the pool's timeout in turn.
     */
    @Test
    void afterAFailedStatementRequestsAreCountedAloneForAWhile() {
        assertThat(this.limiter.acquire("t")).isZero();
        assertThat(this.statements).hasValue(1);

        advance(TimeUnit.SECONDS.toNanos(4));
        assertThat(this.limiter.acquire("t")).isZero();
        assertThat(this.limiter.acquire("other")).isZero();
        assertThat(this.statements).as("within the pause: no statement").hasValue(1);
        assertThat(this.counted).hasValue(3);

        advance(TimeUnit.SECONDS.toNanos(2));
        assertThat(this.limiter.acquire("t")).isZero();
        assertThat(this.statements).as("the database is tried again").hasValue(2);
    }

    @Test
    void aLeaseIsASecondsRefillAndAtLeastOneToken() {
        assertThat(SharedRateLimiter.leaseSize(600)).isEqualTo(10);
        assertThat(SharedRateLimiter.leaseSize(119)).isEqualTo(1);
        assertThat(SharedRateLimiter.leaseSize(3)).isEqualTo(1);
        assertThat(SharedRateLimiter.leaseSize(1_000_000)).isEqualTo(16_666);
    }

    private void advance(long nanos) {
        this.now.addAndGet(nanos);
    }

}
