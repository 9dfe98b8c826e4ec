package io.cairn.node;

import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.cairn.api.meta.RouteTable;
import io.cairn.api.meta.ShardRoute;
import io.cairn.controlplane.ControlPlane;
import io.cairn.controlplane.ControlPlaneConfig;
import io.cairn.controlplane.SchedulingConfig;
import io.cairn.controlplane.client.PlacementClient;
import io.cairn.controlplane.client.PlacementClients;
import io.cairn.testkit.FreePorts;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The real control plane (with short scheduling delays) and store nodes in this JVM, as the
 * scheduling tests need them: nodes can be added and stopped, and {@link RoutedKv} reads and
 * writes through the routes as a gateway would.
 */
final class ScheduledCluster implements AutoCloseable {
    static final String TOKEN = "operators-test-token";
    static final int ELECTION_TIMEOUT_MS = 1000;

    private final Path dir;
    private final ControlPlane controlPlane;
    private final PlacementClient admin;
    private final Map<Long, StoreNode> nodes = new ConcurrentHashMap<>();
    private final Map<Long, Path> dataDirs = new ConcurrentHashMap<>();
    private final List<PlacementClient> placements = new ArrayList<>();
    private int started;

    private ScheduledCluster(Path dir, ControlPlane controlPlane) {
        this.dir = dir;
        this.controlPlane = controlPlane;
        this.admin = PlacementClients.connect(List.of(controlPlane.rpcAddress()), TOKEN);
    }

    /** A control plane placing {@code replicas} replicas per shard over shards split at {@code splitKeys}. */
    static ScheduledCluster start(Path dir, int replicas, List<ByteString> splitKeys, long nodeDownTimeoutMs,
            SchedulingConfig scheduling) {
        int raftPort = FreePorts.next();
        ControlPlane cp = ControlPlane.start(new ControlPlaneConfig(dir.resolve("cp"), "127.0.0.1", raftPort,
                FreePorts.next(), List.of("127.0.0.1:" + raftPort), replicas,
                splitKeys.stream().map(ByteString::toByteArray).toList(), TOKEN, ELECTION_TIMEOUT_MS,
                nodeDownTimeoutMs, scheduling));
        await().atMost(Duration.ofSeconds(20)).until(cp::isLeader);
        return new ScheduledCluster(dir, cp);
    }

    static SchedulingConfig fastScheduling() {
        return SchedulingConfig.defaults().withIntervalMs(250).withTimeouts(30_000, 60_000);
    }

    /** Starts one more store node; returns its id. */
    synchronized long addNode() {
        started++;
        Path data = dir.resolve("node-" + started);
        PlacementClient placement = PlacementClients.connect(List.of(controlPlane.rpcAddress()), TOKEN);
        placements.add(placement);
        StoreNode node = StoreNode.start(new StoreNodeConfig(data, "127.0.0.1", FreePorts.next(), FreePorts.next(),
                List.of(), TOKEN, Map.of(), ELECTION_TIMEOUT_MS, 3600), placement);
        nodes.put(node.nodeId(), node);
        dataDirs.put(node.nodeId(), data);
        return node.nodeId();
    }

    void stopNode(long nodeId) {
        StoreNode node = nodes.remove(nodeId);
        if (node != null) {
            node.close();
        }
    }

    StoreNode node(long nodeId) {
        return nodes.get(nodeId);
    }

    Path dataDir(long nodeId) {
        return dataDirs.get(nodeId);
    }

    PlacementClient admin() {
        return admin;
    }

    RouteTable routes() {
        return admin.getRoutes(0);
    }

    /** Waits until there are {@code shards} shards, each with a leader and {@code replicas} voters, and no operator runs. */
    RouteTable awaitSettled(int shards, int replicas, Duration timeout) {
        return await("cluster settles").atMost(timeout).pollInterval(Duration.ofMillis(250)).until(() -> {
            RouteTable table = routes();
            boolean placed = table.getShardsCount() == shards && table.getShardsList().stream().allMatch(r ->
                    r.getLeaderNodeId() != 0 && r.getShard().getReplicasList().stream().filter(x -> !x.getLearner())
                            .count() == replicas && r.getShard().getReplicasCount() == replicas);
            return placed && admin.listOperators().getRunningCount() == 0 ? table : null;
        }, t -> t != null);
    }

    /**
     * Asks for an admin split, waiting while the scheduler's own operator (a leader transfer, a replica
     * move) still runs on the shard: the control plane refuses a second operator with ALREADY_EXISTS.
     */
    void splitWhenFree(long shardId, ByteString splitKey) {
        await("split accepted").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .ignoreExceptionsMatching(e -> e instanceof StatusRuntimeException s
                        && s.getStatus().getCode() == Status.Code.ALREADY_EXISTS)
                .until(() -> admin.splitShard(shardId, splitKey.toByteArray()) != null);
    }

    static ShardRoute routeOf(RouteTable table, ByteString key) {
        ShardRoute found = null;
        for (ShardRoute route : table.getShardsList()) {
            if (ByteString.unsignedLexicographicalComparator().compare(route.getShard().getStartKey(), key) <= 0) {
                found = route;
            }
        }
        return found;
    }

    @Override
    public void close() {
        nodes.values().forEach(StoreNode::close);
        nodes.clear();
        placements.forEach(PlacementClient::close);
        admin.close();
        controlPlane.close();
    }
}
