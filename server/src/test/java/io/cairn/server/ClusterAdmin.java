package io.cairn.server;

import com.google.protobuf.ByteString;
import io.cairn.api.etcdserverpb.RangeRequest;
import io.cairn.api.meta.NodeDescriptor;
import io.cairn.api.meta.RouteTable;
import io.cairn.api.meta.ShardRoute;
import io.cairn.api.meta.Tenant;
import io.cairn.api.shard.NodeStatusRequest;
import io.cairn.api.shard.NodeStatusResponse;
import io.cairn.api.shard.ShardKvGrpc;
import io.cairn.api.shard.ShardRequest;
import io.cairn.api.shard.ShardRequestContext;
import io.cairn.api.shard.ShardResponse;
import io.cairn.controlplane.client.PlacementClient;
import io.cairn.controlplane.client.PlacementClients;
import io.cairn.testkit.CairnCluster;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.nio.ByteBuffer;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;

/**
 * Admin access to a running {@link CairnCluster}: its control plane with the cluster token,
 * and direct ShardKv calls to one store node (what the gateway does, minus the routing).
 */
final class ClusterAdmin implements AutoCloseable {
    private static final Comparator<ByteString> ORDER = ByteString.unsignedLexicographicalComparator();
    private final PlacementClient placement;

    ClusterAdmin(CairnCluster cluster) {
        placement = PlacementClients.connect(cluster.controlPlaneAddresses(), cluster.clusterToken());
    }

    PlacementClient placement() {
        return placement;
    }

    /**
     * {@code call} on the control plane, retried for up to a minute while no leader answers
     * (an election, or a starved control plane on a loaded machine).
     */
    <T> T retrying(java.util.function.Function<PlacementClient, T> call) {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (true) {
            try {
                return call.apply(placement);
            } catch (io.cairn.controlplane.client.ControlPlaneUnavailableException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            }
        }
    }

    /**
     * A non-idempotent admin call (create tenant, create API key) retried while it fails without
     * a known outcome: the client gives such calls a single attempt, which on a starved machine
     * can expire while still connecting. {@code done} tells whether an earlier attempt applied.
     */
    <T> T retryingUntilApplied(java.util.function.Function<PlacementClient, T> call,
            java.util.function.Supplier<java.util.Optional<T>> done) {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (true) {
            try {
                return call.apply(placement);
            } catch (io.cairn.controlplane.client.ControlPlaneUnavailableException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            } catch (io.grpc.StatusRuntimeException e) {
                io.grpc.Status.Code code = e.getStatus().getCode();
                if (code != io.grpc.Status.Code.DEADLINE_EXCEEDED && code != io.grpc.Status.Code.ALREADY_EXISTS
                        || System.nanoTime() > deadline) {
                    throw e;
                }
            }
            java.util.Optional<T> applied = retrying(p -> done.get());
            if (applied.isPresent()) {
                return applied.get();
            }
        }
    }

    RouteTable routes() {
        return retrying(p -> p.getRoutes(0));
    }

    long tenantId(String name) {
        return retrying(PlacementClient::listTenants).stream().filter(t -> t.getName().equals(name)).mapToLong(Tenant::getId)
                .findFirst().orElseThrow();
    }

    /** The internal key of a tenant's user key: 8-byte big-endian tenant id ++ key. */
    static ByteString internalKey(long tenantId, String key) {
        return ByteString.copyFrom(ByteBuffer.allocate(8).putLong(tenantId).array()).concat(ByteString.copyFromUtf8(key));
    }

    ShardRoute routeOf(ByteString internalKey) {
        return routes().getShardsList().stream().filter(r -> contains(r, internalKey)).findFirst().orElseThrow();
    }

    NodeDescriptor node(long nodeId) {
        return routes().getNodesList().stream().filter(n -> n.getId() == nodeId).findFirst().orElseThrow();
    }

    /** The store node's own view of its replicas (applied index, leader, term ...). */
    static NodeStatusResponse nodeStatus(String rpcAddress) {
        ManagedChannel channel = ManagedChannelBuilder.forTarget(rpcAddress).usePlaintext().build();
        try {
            return ShardKvGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS)
                    .nodeStatus(NodeStatusRequest.getDefaultInstance());
        } finally {
            channel.shutdownNow();
        }
    }

    /** A serializable (local, no read index) read of one internal key on one node's replica. */
    static ShardResponse serializableGet(String rpcAddress, ShardRoute route, ByteString internalKey) {
        ManagedChannel channel = ManagedChannelBuilder.forTarget(rpcAddress).usePlaintext().build();
        try {
            return ShardKvGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS)
                    .execute(ShardRequest.newBuilder()
                            .setContext(ShardRequestContext.newBuilder().setShardId(route.getShard().getId())
                                    .setEpoch(route.getShard().getEpoch()))
                            .setRange(RangeRequest.newBuilder().setKey(internalKey).setSerializable(true))
                            .build());
        } finally {
            channel.shutdownNow();
        }
    }

    private static boolean contains(ShardRoute route, ByteString key) {
        ByteString start = route.getShard().getStartKey();
        ByteString end = route.getShard().getEndKey();
        return ORDER.compare(start, key) <= 0 && (end.isEmpty() || ORDER.compare(key, end) < 0);
    }

    @Override
    public void close() {
        placement.close();
    }
}
