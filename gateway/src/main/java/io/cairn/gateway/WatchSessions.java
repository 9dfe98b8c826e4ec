package io.cairn.gateway;

import io.cairn.gateway.watch.WatchBackend;
import io.cairn.gateway.watch.WatchQuota;
import io.cairn.gateway.watch.WatchSession;
import io.cairn.gateway.watch.WatchSettings;
import io.cairn.gateway.watch.WatchSink;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Opens watch sessions for the gRPC and REST fronts, and closes those still open when the gateway stops. */
final class WatchSessions implements AutoCloseable {
    private final WatchBackend backend;
    private final WatchSettings settings;
    private final WatchQuota quota;
    private final Set<WatchSession> open = ConcurrentHashMap.newKeySet();

    WatchSessions(WatchBackend backend, WatchSettings settings) {
        this.backend = backend;
        this.settings = settings;
        this.quota = new WatchQuota(settings.maxWatchesPerTenant());
    }

    WatchSession open(TenantPrincipal tenant, WatchSink sink) {
        WatchSession session = new WatchSession(tenant.tenantId(), backend, settings, quota, sink);
        open.add(session);
        return session;
    }

    void closed(WatchSession session) {
        session.close();
        open.remove(session);
    }

    @Override
    public void close() {
        open.forEach(WatchSession::close);
        open.clear();
    }
}
