package io.cairn.gateway;

import io.cairn.gateway.concurrency.TenantStore;

/** Builds the {@link TenantStore} of a caller for locks and elections. */
final class TenantStores {
    private final KvCore kv;
    private final LeaseCore leases;
    private final WatchSessions watches;

    TenantStores(KvCore kv, LeaseCore leases, WatchSessions watches) {
        this.kv = kv;
        this.leases = leases;
        this.watches = watches;
    }

    TenantStore of(TenantPrincipal tenant) {
        return new GatewayTenantStore(tenant, kv, leases, watches);
    }
}
