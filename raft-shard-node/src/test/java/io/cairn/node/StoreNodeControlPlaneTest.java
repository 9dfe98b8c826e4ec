package io.cairn.node;

import static io.cairn.node.ClusterSpec.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cairn.api.etcdserverpb.RangeRequest;
import io.cairn.api.meta.NodeDescriptor;
import io.cairn.api.meta.RouteTable;
import io.cairn.api.meta.ShardRoute;
import io.cairn.api.shard.ShardResponse;
import io.cairn.controlplane.ControlPlane;
import io.cairn.controlplane.ControlPlaneConfig;
import io.cairn.controlplane.client.PlacementClient;
import io.cairn.controlplane.client.PlacementClients;
import io.cairn.testkit.FreePorts;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Three store nodes and the real control plane in this JVM: bootstrap, routes, TSO revisions. */
class StoreNodeControlPlaneTest {
    private static final String TOKEN = "node-test-token";

    @TempDir
    Path dir;
    private ControlPlane controlPlane;
    private final List<PlacementClient> placements = new ArrayList<>();
    private final List<StoreNode> nodes = new ArrayList<>();
    private final List<NodeClient> clients = new ArrayList<>();

    @AfterEach
    void stop() {
        clients.forEach(NodeClient::close);
        nodes.forEach(StoreNode::close);
        placements.forEach(PlacementClient::close);
        if (controlPlane != null) {
            controlPlane.close();
        }
    }

    @Test
    void nodesRegisterHostTheBootstrappedShardsAndWriteWithOracleRevisions() {
        int raftPort = FreePorts.next();
        controlPlane = ControlPlane.start(new ControlPlaneConfig(dir.resolve("cp"), "127.0.0.1", raftPort,
                FreePorts.next(), List.of("127.0.0.1:" + raftPort), 3,
                List.of(ClusterSpec.tenantPrefix(2).toByteArray()), TOKEN, 1000));
        await().atMost(Duration.ofSeconds(20)).until(controlPlane::isLeader);

        ClusterSpec spec = ClusterSpec.create(3, 0, 1000, 3600);
        for (long id = 1; id <= 3; id++) {
            PlacementClient placement = PlacementClients.connect(List.of(controlPlane.rpcAddress()), TOKEN);
            placements.add(placement);
            nodes.add(StoreNode.start(spec.config(id, dir.resolve("node-" + id)), placement));
        }
        assertThat(nodes).extracting(StoreNode::nodeId).doesNotHaveDuplicates().allMatch(id -> id > 0);

        PlacementClient placement = placements.getFirst();
        RouteTable routes = await("both shards have a leader").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(250)).until(() -> placement.getRoutes(0),
                        table -> table.getShardsCount() == 2
                                && table.getShardsList().stream().allMatch(r -> r.getLeaderNodeId() != 0)
                                // the leader balancer may move a leader first: write once it is done
                                && placement.listOperators().getRunningCount() == 0);

        long tenant1Revision = leaderClient(routes, 0).put(1, key(1, "x"), "one").getPut().getHeader().getRevision();
        ShardResponse put2 = leaderClient(routes, 1).put(2, key(5, "y"), "two");
        assertThat(put2.hasPut()).as("put answer %s", put2).isTrue();
        assertThat(put2.getPut().getHeader().getRevision()).isGreaterThan(tenant1Revision);
        assertThat(put2.getPut().getHeader().getMemberId()).isEqualTo(routes.getShards(1).getLeaderNodeId());

        // A revision from the oracle reads a consistent cut: everything written before it.
        long cut = placement.allocateRevisions(1).join().getFirst();
        assertThat(cut).isGreaterThan(put2.getPut().getHeader().getRevision());
        ShardResponse read = leaderClient(routes, 0).range(1,
                RangeRequest.newBuilder().setKey(key(1, "x")).setRevision(cut).build());
        assertThat(read.getRange().getKvsList()).singleElement()
                .satisfies(kv -> assertThat(kv.getModRevision()).isEqualTo(tenant1Revision));
    }

    private NodeClient leaderClient(RouteTable routes, int shardIndex) {
        ShardRoute route = routes.getShards(shardIndex);
        String address = routes.getNodesList().stream().filter(n -> n.getId() == route.getLeaderNodeId())
                .map(NodeDescriptor::getRpcAddress).findFirst().orElseThrow();
        NodeClient client = new NodeClient(address);
        clients.add(client);
        return client;
    }
}
