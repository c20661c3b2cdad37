package dev.skein.gateway.ratelimit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.skein.gateway.GatewayProperties;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * The lease's lock and the database's failures. The statement itself, against a real
 * database, is in {@code RateLimitIT}; here a stand-in answers it: a lease of 10 tokens,
 * a pool without connections, or a statement that waits until other requests queue.
 */
class SharedRateLimiterTests {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    /** Made before any test's statement: a first mock takes a second to make. */
    private final ResultSet leaseOfTen = aLeaseOfTen();

    private final AtomicInteger statements = new AtomicInteger();

    private final AtomicInteger counted = new AtomicInteger();

    private final ExecutorService threads = Executors.newFixedThreadPool(3);

    /** What the stand-in statement does; set by each test. */
    private volatile Answer answer = () -> {
        throw new CannotGetJdbcConnectionException("Connection is not available, request timed out");
    };

    private final JdbcTemplate database = new JdbcTemplate() {
        @Override
        public <T> T queryForObject(String sql, RowMapper<T> rowMapper, Object... args) {
            SharedRateLimiterTests.this.statements.incrementAndGet();
            SharedRateLimiterTests.this.answer.run();
            try {
                return rowMapper.mapRow(SharedRateLimiterTests.this.leaseOfTen, 0);
            }
            catch (SQLException ex) {
                throw new IllegalStateException(ex);
            }
        }
    };

    private final SharedRateLimiter limiter = new SharedRateLimiter(this.database,
            new GatewayProperties.RateLimit(600, Map.of()), tenant -> {
                this.counted.incrementAndGet();
                return 0;
            }, this.now::get);

    @AfterEach
    void stopThreads() {
        this.threads.shutdownNow();
    }

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

    /** A statement that failed for a reason of its own pauses nobody else. */
    @Test
    void aStatementThatFailsForAnotherReasonPausesNoOne() {
        this.answer = () -> {
            throw new BadSqlGrammarException("take", "INSERT ...", new SQLException("column \"taken\" does not exist"));
        };
        assertThat(this.limiter.acquire("t")).isZero();
        assertThat(this.limiter.acquire("t")).isZero();

        assertThat(this.statements).hasValue(2);
        assertThat(this.counted).hasValue(2);
    }

    @Test
    void concurrentRequestsDrawOneLease() throws Exception {
        List<Long> answers = threeAtOnce(() -> {
        });

        assertThat(answers).containsExactly(0L, 0L, 0L);
        assertThat(this.statements).as("one lease for the three").hasValue(1);
        assertThat(this.counted).hasValue(0);
    }

    @Test
    void requestsThatWaitedForAFailedStatementAreCountedAloneAtOnce() throws Exception {
        List<Long> answers = threeAtOnce(() -> {
            throw new CannotGetJdbcConnectionException("Connection is not available, request timed out");
        });

        assertThat(answers).containsExactly(0L, 0L, 0L);
        assertThat(this.statements).as("the waiting requests send none").hasValue(1);
        assertThat(this.counted).hasValue(3);
    }

    @Test
    void aLeaseIsASecondsRefillAndAtLeastOneToken() {
        assertThat(SharedRateLimiter.leaseSize(600)).isEqualTo(10);
        assertThat(SharedRateLimiter.leaseSize(119)).isEqualTo(1);
        assertThat(SharedRateLimiter.leaseSize(3)).isEqualTo(1);
        assertThat(SharedRateLimiter.leaseSize(1_000_000)).isEqualTo(16_666);
    }

    /**
     * Three requests of tenant "t": the first sends the statement, which holds until the
     * other two have started and a moment more, so that they wait for the lease's lock
     * (well under its wait); then it ends with {@code then}. Answers the three results.
     */
    private List<Long> threeAtOnce(Answer then) throws Exception {
        CountDownLatch inStatement = new CountDownLatch(1);
        CountDownLatch queued = new CountDownLatch(2);
        this.answer = () -> {
            inStatement.countDown();
            try {
                assertThat(queued.await(30, TimeUnit.SECONDS)).isTrue();
                Thread.sleep(100);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            then.run();
        };
        List<Future<Long>> requests = new ArrayList<>();
        requests.add(this.threads.submit(() -> this.limiter.acquire("t")));
        assertThat(inStatement.await(30, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < 2; i++) {
            requests.add(this.threads.submit(() -> {
                queued.countDown();
                return this.limiter.acquire("t");
            }));
        }
        List<Long> answers = new ArrayList<>();
        for (Future<Long> request : requests) {
            answers.add(request.get(30, TimeUnit.SECONDS));
        }
        return answers;
    }

    private static ResultSet aLeaseOfTen() {
        ResultSet row = mock(ResultSet.class);
        try {
            given(row.getInt("taken")).willReturn(10);
            given(row.getDouble("tokens")).willReturn(590.0);
        }
        catch (SQLException ex) {
            throw new IllegalStateException(ex);
        }
        return row;
    }

    private void advance(long nanos) {
        this.now.addAndGet(nanos);
    }

    @FunctionalInterface
    private interface Answer {

        void run() throws DataAccessException;

    }

}
