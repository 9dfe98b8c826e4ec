package io.cairn.controlplane.client;

import io.cairn.api.meta.RouteTable;
import io.cairn.api.placement.GetRoutesRequest;
import io.cairn.api.placement.PlacementGrpc;
import io.grpc.Context;
import io.grpc.StatusRuntimeException;
import java.util.Iterator;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the route table on a virtual thread: a WatchRoutes stream to the leader; when it
 * breaks, one GetRoutes poll (through the client's retry policy) so no version is missed
 * for long, then a new stream after a back-off. The listener sees strictly increasing versions.
 */
final class RouteFollower implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RouteFollower.class);
    private static final long FIRST_BACKOFF_MS = 50;
    private static final long MAX_BACKOFF_MS = 2000;

    private final LeaderChannels channels;
    private final GrpcPlacementClient client;
    private final Consumer<RouteTable> listener;
    private final Context.CancellableContext context = Context.current().withCancellation();
    private volatile boolean closed;
    private long known;
    private Thread thread;

    private RouteFollower(LeaderChannels channels, GrpcPlacementClient client, long known,
            Consumer<RouteTable> listener) {
        this.channels = channels;
        this.client = client;
        this.known = known;
        this.listener = listener;
    }

    static RouteFollower start(LeaderChannels channels, GrpcPlacementClient client, long knownVersion,
            Consumer<RouteTable> listener) {
        RouteFollower follower = new RouteFollower(channels, client, knownVersion, listener);
        follower.thread = Thread.ofVirtual().name("cairn-route-follower").start(follower::run);
        return follower;
    }

    private void run() {
        long backoffMs = FIRST_BACKOFF_MS;
        while (!closed && !channels.isClosed()) {
            String address = channels.leader();
            try {
                context.run(() -> stream(address));
            } catch (StatusRuntimeException e) {
                if (closed) {
                    return;
                }
                channels.failedOver(address, LeaderCalls.leaderHint(e));
                LOG.debug("route stream from {} ended: {}", address, e.getStatus());
            } catch (IllegalStateException clientClosed) {
                return;
            }
            if (poll()) {
                backoffMs = FIRST_BACKOFF_MS;
            }
            try {
                TimeUnit.MILLISECONDS.sleep(backoffMs);
            } catch (InterruptedException e) {
                return;
            }
            backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
        }
    }

    private void stream(String address) {
        Iterator<RouteTable> tables = PlacementGrpc.newBlockingStub(channels.channel(address))
                .watchRoutes(GetRoutesRequest.newBuilder().setKnownVersion(known).build());
        while (!closed && tables.hasNext()) {
            deliver(tables.next());
        }
    }

    /** One GetRoutes through the retry policy; true when it reached a leader. */
    private boolean poll() {
        try {
            deliver(client.getRoutesAsync(known).join());
            return true;
        } catch (CompletionException e) {
            LOG.debug("route poll failed: {}", e.getCause().toString());
            return false;
        }
    }

    private void deliver(RouteTable table) {
        if (closed || table.getVersion() <= known) {
            return;
        }
        known = table.getVersion();
        try {
            listener.accept(table);
        } catch (RuntimeException e) {
            LOG.warn("route listener failed on version {}", table.getVersion(), e);
        }
    }

    @Override
    public void close() {
        closed = true;
        context.cancel(null);
        thread.interrupt();
    }
}
