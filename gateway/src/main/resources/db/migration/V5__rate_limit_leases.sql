-- The tokens the last statement took from the bucket: a gateway instance takes a lease of up to a
-- second's refill at once and spends it on the requests that follow (ratelimit.SharedRateLimiter).
-- granted stays: an instance of the version before leases reads it during a rolling deployment.
ALTER TABLE rate_limit_buckets ADD COLUMN taken integer NOT NULL DEFAULT 0;
