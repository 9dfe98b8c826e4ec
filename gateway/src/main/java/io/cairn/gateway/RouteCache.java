package io.cairn.gateway;

import io.cairn.api.meta.RouteTable;
import io.cairn.controlplane.client.PlacementClient;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's copy of the route table: an immutable {@link RouteSnapshot} swapped in an
 * {@link AtomicReference}, following the control plane's route stream, refreshed on demand
 * when a store node says a route is stale, and patched with leader hints.
 */
final class RouteCache implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RouteCache.class);

    private final PlacementClient placement;
    private final AtomicReference<RouteSnapshot> current = new AtomicReference<>(RouteSnapshot.EMPTY);
    private final ReentrantLock refreshLock = new ReentrantLock();
    private final AutoCloseable subscription;

    RouteCache(PlacementClient placement) {
        this.placement = placement;
        this.subscription = placement.watchRoutes(0, this::offer);
    }

    RouteSnapshot current() {
        return current.get();
    }

    /** Installs {@code table} unless a newer version is already installed. */
    void offer(RouteTable table) {
        RouteSnapshot next = new RouteSnapshot(table);
        RouteSnapshot previous = current.getAndUpdate(old -> table.getVersion() >= old.version() ? next : old);
        if (previous.version() != table.getVersion()) {
            LOG.debug("route table version {} -> {}", previous.version(), table.getVersion());
        }
    }

    /**
     * Fetches the route table unless someone already installed a newer one than
     * {@code stale} while we waited for the lock.
     */
    RouteSnapshot refresh(RouteSnapshot stale) {
        refreshLock.lock();
        try {
            if (current.get().version() > stale.version()) {
                return current.get();
            }
            offer(placement.getRoutes(0));
            return current.get();
        } finally {
            refreshLock.unlock();
        }
    }

    /** A store node told us who leads {@code shardId}. */
    void leaderHint(long shardId, long nodeId, String address) {
        current.updateAndGet(s -> s.withLeader(shardId, nodeId, address));
    }

    @Override
    public void close() {
        try {
            subscription.close();
        } catch (Exception e) {
            LOG.warn("closing the route subscription failed", e);
        }
    }
}
