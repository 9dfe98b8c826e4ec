package io.cairn.controlplane;

import static io.cairn.controlplane.SchedulingHarness.tenantKey;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.cairn.api.meta.NodeState;
import io.cairn.api.meta.Operator;
import io.cairn.api.meta.OperatorKind;
import io.cairn.api.meta.OperatorState;
import io.cairn.api.meta.RouteTable;
import io.cairn.api.meta.ShardRoute;
import io.cairn.api.placement.NodeInfo;
import io.cairn.api.placement.RegisterNodeRequest;
import io.cairn.controlplane.client.PlacementClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real single-replica control plane scheduling fake store nodes that register and heartbeat
 * through the real {@link PlacementClient}: split, a joining node, admin transfer and drain,
 * and an operator that survives a control-plane restart.
 */
@Timeout(180)
class SchedulingIntegrationTest {
    private static final ByteString T1 = tenantKey(1, "");
    private static final ByteString T2 = tenantKey(2, "");
    private static final ByteString T4 = tenantKey(4, "");
    private static final SchedulingConfig SCHEDULING = SchedulingConfig.defaults().withIntervalMs(200)
            .withSplit(1_000, 1_000_000);

    @TempDir
    Path dir;

    @Test
    void nodesReceiveOperatorsOnHeartbeatsAndRoutesFollow() throws Exception {
        try (ControlPlaneCluster cluster = new ControlPlaneCluster(dir, 1, 3,
                List.of(T1.toByteArray(), T4.toByteArray()), 0, SCHEDULING)) {
            PlacementClient client = cluster.client();
            FakeStoreNodes nodes = new FakeStoreNodes(client::heartbeat);
            for (int i = 1; i <= 3; i++) {
                nodes.start(register(client, i));
            }
            nodes.adopt(client.getRoutes(0).getShardsList());
            List<RouteTable> watched = new CopyOnWriteArrayList<>();
            try (AutoCloseable watch = client.watchRoutes(0, watched::add)) {
                awaitWhileHeartbeating(nodes, client, () -> client.getRoutes(0).getShardsList().stream()
                        .allMatch(r -> r.getLeaderNodeId() != 0));

                // split: the middle shard [T1, T4) grows past the threshold, its leader suggests a key in tenant 2
                ShardRoute middle = shardStartingAt(client.getRoutes(0), T1);
                FakeStoreNodes.Group group = nodes.group(middle.getShard().getId());
                synchronized (nodes) {
                    group.sizeBytes = 5_000;
                    group.keys = 100;
                    group.hint = tenantKey(2, "m");
                }
                awaitWhileHeartbeating(nodes, client, () -> watched.get(watched.size() - 1).getShardsCount() == 4);
                RouteTable table = watched.get(watched.size() - 1);
                ShardRoute right = shardStartingAt(table, T2);
                assertThat(right.getShard().getEndKey()).isEqualTo(T4);
                assertThat(right.getShard().getEpoch().getVersion()).isEqualTo(2);
                assertThat(shardStartingAt(table, T1).getShard().getEndKey()).isEqualTo(T2);
                assertThat(client.listOperators().getFinishedList()).anySatisfy(o -> {
                    assertThat(o.getKind()).isEqualTo(OperatorKind.SPLIT);
                    assertThat(o.getState()).isEqualTo(OperatorState.OPERATOR_SUCCEEDED);
                });
                assertThat(client.listShards().getShardsList()).allMatch(s -> s.hasStats());
            }

            // a fourth node joins: replicas move to it until counts are within one
            long fourth = register(client, 4);
            nodes.start(fourth);
            awaitWhileHeartbeating(nodes, client, () -> {
                List<NodeInfo> infos = client.listNodes().getNodesList();
                int max = infos.stream().mapToInt(NodeInfo::getReplicas).max().orElse(0);
                int min = infos.stream().mapToInt(NodeInfo::getReplicas).min().orElse(0);
                return max - min <= 1 && client.listOperators().getRunningCount() == 0;
            });
            assertThat(nodes.learnerHandouts).isNotEmpty();
            assertThat(client.listOperators().getFinishedList()).anyMatch(o -> o.getKind() == OperatorKind.BALANCE_REPLICA);

            // an admin transfer survives a control-plane restart while the leader does not act on it
            ShardRoute route = client.getRoutes(0).getShards(0);
            long leader = route.getLeaderNodeId();
            long target = ClusterSnapshot.voters(route).stream().filter(id -> id != leader).findFirst().orElseThrow();
            nodes.pause(true, leader);
            Operator transfer = client.transferLeader(route.getShard().getId(), target);
            nodes.heartbeatAll();
            assertThat(nodes.received).extracting(Operator::getId).contains(transfer.getId());
            cluster.restart(0);
            assertThat(client.listOperators().getRunningList()).extracting(Operator::getId).contains(transfer.getId());
            nodes.pause(false, leader);
            awaitWhileHeartbeating(nodes, client, () -> client.listOperators().getFinishedList().stream()
                    .anyMatch(o -> o.getId() == transfer.getId() && o.getState() == OperatorState.OPERATOR_SUCCEEDED));
            assertThat(shardStartingAt(client.getRoutes(0), route.getShard().getStartKey()).getLeaderNodeId())
                    .isEqualTo(target);

            // drain: everything moves off the fourth node
            assertThat(client.drainNode(fourth).getState()).isEqualTo(NodeState.NODE_DRAINING);
            awaitWhileHeartbeating(nodes, client, () -> client.listNodes().getNodesList().stream()
                    .filter(n -> n.getNode().getId() == fourth).allMatch(n -> n.getReplicas() == 0 && n.getLeaders() == 0));
        }
    }

    private static long register(PlacementClient client, int n) {
        return client.registerNode(RegisterNodeRequest.newBuilder().setRaftAddress("127.0.0.1:" + (7100 + n))
                .setRpcAddress("127.0.0.1:" + (8100 + n)).build()).getNodeId();
    }

    private static ShardRoute shardStartingAt(RouteTable table, ByteString start) {
        return table.getShardsList().stream().filter(r -> r.getShard().getStartKey().equals(start))
                .findFirst().orElseThrow();
    }

    /** Heartbeats every node (adopting new shards) on each poll until the condition holds. */
    private static void awaitWhileHeartbeating(FakeStoreNodes nodes, PlacementClient client,
            java.util.concurrent.Callable<Boolean> condition) {
        ConditionFactory await = Awaitility.await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(100));
        await.until(() -> {
            nodes.adopt(client.getRoutes(0).getShardsList());
            nodes.heartbeatAll();
            return condition.call();
        });
    }
}
