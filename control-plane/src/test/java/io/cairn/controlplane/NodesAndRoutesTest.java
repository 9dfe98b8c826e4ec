package io.cairn.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.cairn.api.meta.NodeDescriptor;
import io.cairn.api.meta.NodeState;
import io.cairn.api.meta.Replica;
import io.cairn.api.meta.RouteTable;
import io.cairn.api.meta.ShardDescriptor;
import io.cairn.api.meta.ShardEpoch;
import io.cairn.api.meta.ShardRoute;
import io.cairn.api.meta.ShardStats;
import io.cairn.api.placement.HeartbeatResponse;
import io.cairn.api.placement.NodeHeartbeat;
import io.cairn.api.placement.RegisterNodeRequest;
import io.cairn.api.placement.RegisterNodeResponse;
import io.cairn.controlplane.client.PlacementClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class NodesAndRoutesTest {
    private static final List<byte[]> SPLITS = List.of(bytes("m"), bytes("g"), bytes("t"));

    @TempDir
    Path dir;

    @Test
    void initialShardsCoverTheKeyspaceWithReplicasOnDistinctNodes() {
        try (ControlPlaneCluster cluster = new ControlPlaneCluster(dir, 1, 3, SPLITS, 0)) {
            PlacementClient client = cluster.client();
            assertThat(register(client, 0, 1).getShardsList()).isEmpty();
            assertThat(register(client, 0, 2).getShardsList()).isEmpty();
            assertThat(client.getRoutes(0).getShardsList()).isEmpty();
            RegisterNodeResponse third = register(client, 0, 3);
            assertThat(third.getNodeId()).isEqualTo(3);
            assertThat(third.getNodesList()).extracting(NodeDescriptor::getId).containsExactly(1L, 2L, 3L);

            List<ShardDescriptor> shards = client.getRoutes(0).getShardsList().stream()
                    .map(ShardRoute::getShard).toList();
            assertThat(shards).extracting(ShardDescriptor::getId).containsExactlyInAnyOrder(1L, 2L, 3L, 4L);
            assertThat(shards).extracting(s -> s.getStartKey().toStringUtf8()).containsExactly("", "g", "m", "t");
            assertThat(shards).extracting(s -> s.getEndKey().toStringUtf8()).containsExactly("g", "m", "t", "");
            for (ShardDescriptor shard : shards) {
                assertThat(shard.getEpoch()).isEqualTo(ShardEpoch.newBuilder().setConfVer(1).setVersion(1).build());
                assertThat(shard.getReplicasList()).extracting(Replica::getNodeId)
                        .hasSize(3).doesNotHaveDuplicates().allMatch(id -> id >= 1 && id <= 3);
            }
            // every node hosts every shard (3 replicas on 3 nodes), and re-registering keeps the id
            assertThat(third.getShardsList()).hasSize(4);
            RegisterNodeResponse again = register(client, 0, 1);
            assertThat(again.getNodeId()).isEqualTo(1);
            assertThat(again.getShardsList()).hasSize(4);
        }
    }

    @Test
    void leaderReportsBumpTheRouteVersionAndWatchersSeeIt() {
        try (ControlPlaneCluster cluster = new ControlPlaneCluster(dir, 1, 1, SPLITS, 0)) {
            PlacementClient client = cluster.client();
            long node1 = register(client, 0, 1).getNodeId();
            long node2 = register(client, 0, 2).getNodeId();
            RouteTable start = client.getRoutes(0);
            List<RouteTable> seen = new CopyOnWriteArrayList<>();
            try (AutoCloseable watch = client.watchRoutes(0, seen::add)) {
                Awaitility.await().atMost(Duration.ofSeconds(10))
                        .until(() -> !seen.isEmpty() && last(seen).getVersion() == start.getVersion());
                long shard = start.getShards(0).getShard().getId();
                long owner = start.getShards(0).getShard().getReplicas(0).getNodeId();

                HeartbeatResponse reply = client.heartbeat(heartbeat(owner, shard, true, 0, 5));
                assertThat(reply.getShardsList()).extracting(ShardDescriptor::getId).contains(shard);
                assertThat(reply.getNodesList()).extracting(NodeDescriptor::getId).contains(node1, node2);
                Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                    RouteTable table = last(seen);
                    assertThat(table.getVersion()).isGreaterThan(start.getVersion());
                    assertThat(route(table, shard).getLeaderNodeId()).isEqualTo(owner);
                    assertThat(route(table, shard).getTerm()).isEqualTo(5);
                });
                long afterLeader = client.getRoutes(0).getVersion();

                // an older term is ignored; the same report again changes nothing
                long other = owner == node1 ? node2 : node1;
                client.heartbeat(heartbeat(other, shard, true, 0, 4));
                client.heartbeat(heartbeat(owner, shard, true, 0, 5));
                RouteTable unchanged = client.getRoutes(0);
                assertThat(unchanged.getVersion()).isEqualTo(afterLeader);
                assertThat(route(unchanged, shard).getLeaderNodeId()).isEqualTo(owner);

                // a follower naming a newer leader is taken
                client.heartbeat(heartbeat(owner, shard, false, other, 6));
                Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                        assertThat(route(last(seen), shard).getLeaderNodeId()).isEqualTo(other));
                assertThat(seen).extracting(RouteTable::getVersion).isSorted().doesNotHaveDuplicates();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
    }

    @Test
    void silentNodesAreMarkedDownAndComeBackOnTheirNextHeartbeat() {
        try (ControlPlaneCluster cluster = new ControlPlaneCluster(dir, 1, 1, List.of(), 1500)) {
            PlacementClient client = cluster.client();
            long node = register(client, 0, 1).getNodeId();
            Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> stateOf(client, node) == NodeState.NODE_DOWN);
            client.heartbeat(NodeHeartbeat.newBuilder().setNodeId(node).build());
            assertThat(stateOf(client, node)).isEqualTo(NodeState.NODE_UP);
        }
    }

    private static NodeState stateOf(PlacementClient client, long node) {
        return client.getRoutes(0).getNodesList().stream().filter(n -> n.getId() == node)
                .findFirst().orElseThrow().getState();
    }

    private static RegisterNodeResponse register(PlacementClient client, long id, int n) {
        return client.registerNode(RegisterNodeRequest.newBuilder().setNodeId(id)
                .setRaftAddress("127.0.0.1:" + (7000 + n)).setRpcAddress("127.0.0.1:" + (8000 + n)).build());
    }

    private static NodeHeartbeat heartbeat(long node, long shard, boolean leader, long leaderId, long term) {
        return NodeHeartbeat.newBuilder().setNodeId(node).addShards(ShardStats.newBuilder()
                .setShardId(shard).setLeader(leader).setLeaderNodeId(leaderId).setTerm(term)).build();
    }

    private static ShardRoute route(RouteTable table, long shard) {
        return table.getShardsList().stream().filter(r -> r.getShard().getId() == shard).findFirst().orElseThrow();
    }

    private static RouteTable last(List<RouteTable> tables) {
        return tables.get(tables.size() - 1);
    }

    private static byte[] bytes(String s) {
        return ByteString.copyFrom(s, StandardCharsets.UTF_8).toByteArray();
    }
}
