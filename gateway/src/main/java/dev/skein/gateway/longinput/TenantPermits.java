package dev.skein.gateway.longinput;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Long-input searches in flight per tenant on this gateway instance. A permit is held
 * until the retrieval-service has answered or stopped the search, so a client that gives
 * up early and asks again cannot pile up work. Tenants with nothing in flight take no
 * memory.
 */
final class TenantPermits {

    private final int perTenant;

    private final Map<String, Integer> inFlight = new ConcurrentHashMap<>();

    TenantPermits(int perTenant) {
        this.perTenant = perTenant;
    }

    boolean tryAcquire(String tenantId) {
        boolean[] acquired = new boolean[1];
        this.inFlight.compute(tenantId, (tenant, count) -> {
            int current = count == null ? 0 : count;
            if (current >= this.perTenant) {
                return count;
            }
            acquired[0] = true;
            return current + 1;
        });
        return acquired[0];
    }

    void release(String tenantId) {
        this.inFlight.computeIfPresent(tenantId, (tenant, count) -> count <= 1 ? null : count - 1);
    }

    int inFlight(String tenantId) {
        return this.inFlight.getOrDefault(tenantId, 0);
    }

}
