package io.cairn.node;

import com.google.protobuf.ByteString;
import io.cairn.api.meta.NodeDescriptor;
import io.cairn.api.meta.RouteTable;
import io.cairn.api.meta.ShardRoute;
import io.cairn.api.shard.DeleteByLeaseRequest;
import io.cairn.api.shard.ShardKvGrpc;
import io.cairn.api.shard.ShardRequest;
import io.cairn.api.shard.ShardRequestContext;
import io.cairn.api.shard.ShardResponse;
import io.cairn.controlplane.client.PlacementClient;
import io.cairn.node.lease.LeaseContext;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes a revoked lease's keys on the tenant's shards other than its lease home: sends
 * {@code DeleteByLease} to each such shard's leader (routes from the control plane) and
 * retries, re-reading the routes, until every shard has applied it. Each shard deletes its
 * keys atomically; across shards the deletion is eventual (docs/adr/0005-leases.md).
 */
final class RoutedLeaseFanOut implements LeaseContext.LeaseFanOut, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RoutedLeaseFanOut.class);
    private static final long MAX_BACKOFF_MS = 5_000;

    private final PlacementClient placement;
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, ManagedChannel> channels = new ConcurrentHashMap<>();
    private volatile boolean closed;

    RoutedLeaseFanOut(PlacementClient placement) {
        this.placement = placement;
    }

    @Override
    public void revoked(ByteString tenant, long id, long revision) {
        if (!closed) {
            workers.execute(() -> fanOut(tenant, id, revision));
        }
    }

    private void fanOut(ByteString tenant, long id, long revision) {
        Set<Long> done = new HashSet<>();
        long backoff = 50;
        while (!closed) {
            List<ShardRoute> pending = new ArrayList<>();
            RouteTable routes;
            try {
                routes = placement.getRoutes(0);
            } catch (RuntimeException e) {
                log.debug("lease fan-out: no routes yet", e);
                backoff = pause(backoff);
                continue;
            }
            for (ShardRoute route : otherShards(routes, tenant)) {
                if (!done.contains(route.getShard().getId())) {
                    pending.add(route);
                }
            }
            for (ShardRoute route : pending) {
                if (send(routes, route, tenant, id, revision)) {
                    done.add(route.getShard().getId());
                }
            }
            if (pending.stream().allMatch(r -> done.contains(r.getShard().getId()))) {
                return;
            }
            backoff = pause(backoff);
        }
    }

    /** The shards overlapping the tenant's keys, except its lease home (the one holding its first key). */
    static List<ShardRoute> otherShards(RouteTable routes, ByteString tenant) {
        ByteString end = ByteString.copyFrom(ByteBuffer.allocate(8).putLong(tenant.asReadOnlyByteBuffer().getLong() + 1).array());
        List<ShardRoute> shards = new ArrayList<>();
        for (ShardRoute route : routes.getShardsList()) {
            ByteString start = route.getShard().getStartKey();
            ByteString shardEnd = route.getShard().getEndKey();
            boolean overlaps = ByteString.unsignedLexicographicalComparator().compare(start, end) < 0
                    && (shardEnd.isEmpty() || ByteString.unsignedLexicographicalComparator().compare(shardEnd, tenant) > 0);
            boolean home = ShardRequestCheck.inRange(tenant, ByteString.EMPTY, route.getShard());
            if (overlaps && !home) {
                shards.add(route);
            }
        }
        return shards;
    }

    private boolean send(RouteTable routes, ShardRoute route, ByteString tenant, long id, long revision) {
        Optional<String> address = routes.getNodesList().stream()
                .filter(n -> n.getId() == route.getLeaderNodeId()).map(NodeDescriptor::getRpcAddress).findFirst();
        if (address.isEmpty()) {
            return false;
        }
        ShardRequest request = ShardRequest.newBuilder()
                .setContext(ShardRequestContext.newBuilder().setShardId(route.getShard().getId())
                        .setEpoch(route.getShard().getEpoch()))
                .setDeleteByLease(DeleteByLeaseRequest.newBuilder().setTenant(tenant).setId(id)
                        .setRevokeRevision(revision))
                .build();
        try {
            ShardResponse response = ShardKvGrpc.newBlockingStub(channel(address.get()))
                    .withDeadlineAfter(10, TimeUnit.SECONDS).execute(request);
            if (response.hasError()) {
                log.debug("lease fan-out to shard {}: {}", route.getShard().getId(), response.getError());
                return false;
            }
            return true;
        } catch (StatusRuntimeException e) {
            log.debug("lease fan-out to shard {} failed", route.getShard().getId(), e);
            return false;
        }
    }

    private ManagedChannel channel(String address) {
        return channels.computeIfAbsent(address, a -> NettyChannelBuilder.forTarget(a).usePlaintext().build());
    }

    private long pause(long backoff) {
        try {
            Thread.sleep(backoff);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
        return Math.min(MAX_BACKOFF_MS, backoff * 2);
    }

    @Override
    public void close() {
        closed = true;
        workers.shutdownNow();
        channels.values().forEach(ManagedChannel::shutdownNow);
    }
}
