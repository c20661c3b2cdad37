package dev.skein.gateway.ratelimit;

/** Takes one request from a tenant's limit. */
interface RateLimiter {

    /**
     * Answers 0 when the request may go ahead, else the seconds to wait (≥ 1).
     */
    long acquire(String tenantId);

}
