package io.cairn.node;

import com.google.protobuf.ByteString;
import io.cairn.api.etcdserverpb.PutRequest;
import io.cairn.api.etcdserverpb.RangeRequest;
import io.cairn.api.meta.NodeDescriptor;
import io.cairn.api.meta.RouteTable;
import io.cairn.api.meta.ShardRoute;
import io.cairn.api.shard.KvErrorCode;
import io.cairn.api.shard.ShardRequest;
import io.cairn.api.shard.ShardRequestContext;
import io.cairn.api.shard.ShardResponse;
import io.grpc.StatusRuntimeException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Reads and writes one key at a time as a gateway does: to the leader of the shard the route
 * table names, with the route's epoch, refreshing the routes and retrying on routing errors
 * (and on a leader change, as a put is idempotent here) for at most {@value #DEADLINE_MS} ms.
 */
final class RoutedKv implements AutoCloseable {
    static final long DEADLINE_MS = 20_000;

    private final Supplier<RouteTable> routes;
    private final Map<String, NodeClient> clients = new ConcurrentHashMap<>();
    private volatile RouteTable table;

    RoutedKv(Supplier<RouteTable> routes) {
        this.routes = routes;
        this.table = routes.get();
    }

    /** Puts and returns the revision; empty when no attempt succeeded before the deadline. */
    Optional<Long> put(ByteString key, String value) {
        return call(key, PutRequest.newBuilder().setKey(key).setValue(ByteString.copyFromUtf8(value)).build(), null)
                .map(r -> r.getPut().getHeader().getRevision());
    }

    /** A linearizable read of one key. */
    Optional<ShardResponse> get(ByteString key) {
        return call(key, null, RangeRequest.newBuilder().setKey(key).build());
    }

    private Optional<ShardResponse> call(ByteString key, PutRequest put, RangeRequest range) {
        long deadline = System.currentTimeMillis() + DEADLINE_MS;
        while (System.currentTimeMillis() < deadline) {
            ShardRoute route = ScheduledCluster.routeOf(table, key);
            Optional<NodeClient> client = route == null ? Optional.empty() : leader(route);
            if (client.isPresent()) {
                ShardRequest.Builder request = ShardRequest.newBuilder().setContext(ShardRequestContext.newBuilder()
                        .setShardId(route.getShard().getId()).setEpoch(route.getShard().getEpoch()));
                if (put != null) {
                    request.setPut(put);
                } else {
                    request.setRange(range);
                }
                try {
                    ShardResponse response = client.get().execute(request.build());
                    if (!response.hasError()) {
                        return Optional.of(response);
                    }
                    if (response.getError().hasKvError() && !retryable(response.getError().getKvError().getCode())) {
                        throw new IllegalStateException("shard answered " + response.getError());
                    }
                } catch (StatusRuntimeException e) {
                    // node unreachable (stopped): retry on fresh routes
                }
            }
            pause();
            table = routes.get();
        }
        return Optional.empty();
    }

    private static boolean retryable(KvErrorCode code) {
        return code == KvErrorCode.LEADER_CHANGED || code == KvErrorCode.TIMEOUT;
    }

    private Optional<NodeClient> leader(ShardRoute route) {
        return table.getNodesList().stream().filter(n -> n.getId() == route.getLeaderNodeId()).findFirst()
                .map(NodeDescriptor::getRpcAddress).map(a -> clients.computeIfAbsent(a, NodeClient::new));
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        clients.values().forEach(NodeClient::close);
    }
}
