package dev.skein.gateway.ratelimit;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

import dev.skein.gateway.GatewayProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The tenants' token buckets in PostgreSQL (table {@code rate_limit_buckets}), so that
 * every gateway instance takes from the same bucket: a tenant may burst up to its
 * per-minute limit, then gets one request per 60 s / limit, however many instances it
 * calls. One statement refills the row by the time elapsed on the database's clock and
 * takes tokens when there are any; the row lock orders concurrent statements of one
 * tenant, and tenants never wait for each other.
 *
 * <p>
 * An instance takes up to a second's refill of a tenant's bucket at a time (a lease, at
 * least one token) and spends it on the requests that follow, so that most requests cost
 * no round trip: one took 1.3-1.6 ms of a request's time in the gateway, measured on 2
 * cores (docs/decisions.md, rate limits). The tokens only move from the shared bucket to
 * an instance, so together the instances still allow no more than the bucket holds; what
 * changes is when: an instance may spend its lease after the bucket refilled, up to one
 * second's refill above the limit per instance, and one instance may refuse while another
 * holds unspent tokens. A limit under 120 a minute leases one token, which is one
 * statement per request as before. One request per tenant and instance fetches a lease at
 * a time; the others wait for it and take from it, so a burst of concurrent requests
 * draws one lease, not one each.
 *
 * <p>
 * While the database cannot be reached each instance counts on its own
 * ({@link TenantRateLimiter}): a limit N times too high for a while is better than
 * refusing or failing every request. After a statement failed for want of the database
 * (no connection, its timeout) the instance tries the database again only
 * {@link #RETRY_AFTER_FAILURE_NANOS} later; a statement that failed for another reason
 * sends only its own request to the fallback.
 */
class SharedRateLimiter implements RateLimiter {

    private static final Logger log = LoggerFactory.getLogger(SharedRateLimiter.class);

    /**
     * The bucket after refilling it by the time elapsed; parameters: capacity, per
     * second.
     */
    private static final String REFILLED = "LEAST(?, b.tokens"
            + " + GREATEST(0, EXTRACT(EPOCH FROM now() - b.refilled_at)::float8) * ?)";

    // now(): the start of the statement's own transaction, one clock for all instances;
    // GREATEST: a transaction that started before the last refill neither refills twice
    // nor moves the refill time back. granted (NOT NULL) is what the statement of the
    // version before leases answers; this one answers taken.
    private static final String TAKE = """
            INSERT INTO rate_limit_buckets AS b (tenant_id, tokens, refilled_at, granted, taken)
            VALUES (?, ?::float8 - ?, now(), true, ?)
            ON CONFLICT (tenant_id) DO UPDATE SET
                taken = LEAST(?, floor(%1$s))::int,
                tokens = %1$s - LEAST(?, floor(%1$s)),
                refilled_at = GREATEST(b.refilled_at, now())
            RETURNING taken, tokens""".formatted(REFILLED);

    private static final long WARN_EVERY_NANOS = 60_000_000_000L;

    private final JdbcTemplate jdbc;

    private final GatewayProperties.RateLimit limits;

    private final RateLimiter fallback;

    /**
     * How long after a failed statement requests go to the fallback without trying the
     * database: the requests of a tenant queue for its lease, and each would otherwise
     * wait out the pool's connection timeout in turn.
     */
    static final long RETRY_AFTER_FAILURE_NANOS = 5_000_000_000L;

    /**
     * How long a request waits for the lease's lock, which another request holds for one
     * statement (about a millisecond); then it is counted by the fallback.
     */
    static final long LOCK_WAIT_MILLIS = 1000;

    /**
     * The statement's timeout ({@link RateLimitConfiguration}): one that takes longer
     * fails and counts as a failure of the database.
     */
    static final int QUERY_TIMEOUT_SECONDS = 2;

    private final AtomicLong lastWarning;

    /** When a statement last failed ({@link #nanoClock}); far in the past at start. */
    private volatile long failedAt;

    private final LongSupplier nanoClock;

    /** Tenants are few and authenticated: the map needs no eviction. */
    private final Map<String, Lease> leases = new ConcurrentHashMap<>();

    SharedRateLimiter(JdbcTemplate jdbc, GatewayProperties.RateLimit limits, RateLimiter fallback) {
        this(jdbc, limits, fallback, System::nanoTime);
    }

    SharedRateLimiter(JdbcTemplate jdbc, GatewayProperties.RateLimit limits, RateLimiter fallback,
            LongSupplier nanoClock) {
        this.jdbc = jdbc;
        this.limits = limits;
        this.fallback = fallback;
        this.nanoClock = nanoClock;
        long now = nanoClock.getAsLong();
        this.lastWarning = new AtomicLong(now - WARN_EVERY_NANOS);
        this.failedAt = now - RETRY_AFTER_FAILURE_NANOS;
    }

    /** Tokens an instance takes from a tenant's bucket at once: a second's refill. */
    static int leaseSize(int perMinute) {
        return Math.max(1, perMinute / 60);
    }

    @Override
    public long acquire(String tenantId) {
        if (failedRecently()) {
            return this.fallback.acquire(tenantId);
        }
        Lease lease = this.leases.computeIfAbsent(tenantId, id -> new Lease());
        // a lock, not synchronized: a virtual thread waiting for the statement keeps its
        // carrier free on every JDK
        if (!tryLock(lease)) {
            // the statement of the request holding the lease's lock hangs
            return this.fallback.acquire(tenantId);
        }
        try {
            if (lease.tokens > 0) {
                lease.tokens--;
                return 0;
            }
            if (failedRecently()) {
                // the statement of the request this one waited for failed
                return this.fallback.acquire(tenantId);
            }
            return take(tenantId, lease);
        }
        finally {
            lease.lock.unlock();
        }
    }

    private boolean tryLock(Lease lease) {
        try {
            return lease.lock.tryLock(LOCK_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** A new lease from the shared bucket; the caller holds the lease's lock. */
    private long take(String tenantId, Lease lease) {
        int capacity = this.limits.perMinute(tenantId);
        double perSecond = capacity / 60.0;
        int size = leaseSize(capacity);
        Bucket bucket;
        try {
            bucket = this.jdbc.queryForObject(TAKE, (rs, row) -> new Bucket(rs.getInt("taken"), rs.getDouble("tokens")),
                    tenantId, capacity, size, size, size, capacity, perSecond, capacity, perSecond, size, capacity,
                    perSecond);
        }
        catch (DataAccessException ex) {
            if (ex instanceof DataAccessResourceFailureException || ex instanceof QueryTimeoutException) {
                // unreachable or too slow: the other requests go to the fallback for a
                // while
                this.failedAt = this.nanoClock.getAsLong();
            }
            warn(ex);
            return this.fallback.acquire(tenantId);
        }
        if (bucket == null) {
            return 0; // never: the statement answers its row
        }
        if (bucket.taken() >= 1) {
            lease.tokens = bucket.taken() - 1;
            return 0;
        }
        return Math.max(1, (long) Math.ceil((1 - bucket.tokens()) / perSecond));
    }

    private boolean failedRecently() {
        return this.nanoClock.getAsLong() - this.failedAt < RETRY_AFTER_FAILURE_NANOS;
    }

    private void warn(DataAccessException ex) {
        long now = this.nanoClock.getAsLong();
        long last = this.lastWarning.get();
        if (now - last >= WARN_EVERY_NANOS && this.lastWarning.compareAndSet(last, now)) {
            log.warn("Rate limits are counted by this instance alone: the shared buckets failed ({})",
                    ex.getMostSpecificCause().toString());
        }
    }

    /** The tokens this instance took from a tenant's bucket and has not spent yet. */
    private static final class Lease {

        private final ReentrantLock lock = new ReentrantLock();

        private int tokens;

    }

    private record Bucket(int taken, double tokens) {
    }

}
