package io.cairn.gateway.watch;

import java.util.concurrent.ConcurrentHashMap;

/** Counts each tenant's watches on this gateway against {@link WatchSettings#maxWatchesPerTenant()}. */
public final class WatchQuota {
    private final int maxPerTenant;
    private final ConcurrentHashMap<Long, Integer> counts = new ConcurrentHashMap<>();

    public WatchQuota(int maxPerTenant) {
        this.maxPerTenant = maxPerTenant;
    }

    boolean tryAcquire(long tenantId) {
        boolean[] granted = new boolean[1];
        counts.compute(tenantId, (t, n) -> {
            int current = n == null ? 0 : n;
            granted[0] = current < maxPerTenant;
            return granted[0] ? current + 1 : current;
        });
        return granted[0];
    }

    void release(long tenantId) {
        counts.computeIfPresent(tenantId, (t, n) -> n <= 1 ? null : n - 1);
    }

    int count(long tenantId) {
        return counts.getOrDefault(tenantId, 0);
    }
}
