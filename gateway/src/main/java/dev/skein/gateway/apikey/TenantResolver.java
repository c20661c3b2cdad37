package dev.skein.gateway.apikey;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import dev.skein.gateway.GatewayProperties;

import org.springframework.stereotype.Component;

/**
 * API key → tenant, with a short-lived in-memory cache so that a chat turn does not pay a
 * database query. Unknown keys are cached too, so a client retrying a bad key cannot load
 * the database.
 */
@Component
class TenantResolver {

    // Keys are 160-bit random; a cache this size holds every active key of a large
    // deployment.
    private static final int MAX_ENTRIES = 10_000;

    private final ApiKeyStore store;

    private final long ttlNanos;

    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    TenantResolver(ApiKeyStore store, GatewayProperties properties) {
        this.store = store;
        this.ttlNanos = properties.apiKeyCacheTtl().toNanos();
    }

    Optional<Tenant> resolve(String apiKey) {
        String hash = ApiKeys.hash(apiKey);
        long now = System.nanoTime();
        Cached cached = this.cache.get(hash);
        if (cached == null || now - cached.loadedAt() > this.ttlNanos) {
            if (this.cache.size() >= MAX_ENTRIES) {
                this.cache.clear();
            }
            cached = new Cached(this.store.activeTenantOf(hash).map(Tenant::new).orElse(null), now);
            this.cache.put(hash, cached);
        }
        return Optional.ofNullable(cached.tenant());
    }

    /** Forgets a key at once on this instance (other instances within the TTL). */
    void evict(String keyHash) {
        this.cache.remove(keyHash);
    }

    private record Cached(Tenant tenant, long loadedAt) {
    }

}
