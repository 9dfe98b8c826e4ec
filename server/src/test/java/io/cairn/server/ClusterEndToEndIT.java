package io.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.api.meta.NodeDescriptor;
import io.cairn.api.meta.NodeState;
import io.cairn.api.meta.Replica;
import io.cairn.api.meta.RouteTable;
import io.cairn.api.meta.ShardRoute;
import io.cairn.testkit.CairnCluster;
import io.cairn.testkit.ClusterMember;
import io.cairn.testkit.CommandRun;
import io.cairn.testkit.Etcdctl;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cairn cluster up --nodes 3}: 3 control-plane replicas, 3 store nodes and a gateway as
 * separate processes; the real etcdctl through the gateway; 3 replicas per shard on 3 nodes;
 * {@code cluster down} and {@code up} again on the same directory.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterEndToEndIT {
    @TempDir
    static Path tmp;
    static CairnCluster cluster;
    static Etcdctl etcdctl;

    @BeforeAll
    static void up() {
        cluster = CairnCluster.start(tmp.resolve("cluster"), 3);
        etcdctl = new Etcdctl(cluster.gatewayEndpoints().getFirst(), "--user", "dev:" + cluster.apiKey());
    }

    @AfterAll
    static void down() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void clusterJsonListsEveryRunningProcess() {
        Map<String, Long> byRole = cluster.members().stream()
                .collect(Collectors.groupingBy(ClusterMember::role, Collectors.counting()));
        assertThat(byRole).isEqualTo(Map.of("control-plane", 3L, "node", 3L, "gateway", 1L));
        for (ClusterMember m : cluster.members()) {
            assertThat(cluster.isRunning(m.name())).as(m.name()).isTrue();
            assertThat(m.command()).contains("--config", m.config().toString());
            assertThat(m.dataDir().resolve("logs/cairn.log")).exists();
        }
    }

    @Test
    @Order(2)
    void etcdctlPutGetTxnThroughTheGateway() {
        assertThat(etcdctl.run("put", "name", "wuuu").stdout()).isEqualTo("OK\n");
        assertThat(etcdctl.run("get", "name").lines()).containsExactly("name", "wuuu");
        Etcdctl.Result txn = etcdctl.runWithInput("""
                create("lock") = "0"

                put lock owner-1

                get lock

                """, "txn");
        assertThat(txn.stdout()).startsWith("SUCCESS").contains("OK");
        Etcdctl.Result again = etcdctl.runWithInput("""
                create("lock") = "0"

                put lock owner-2

                get lock

                """, "txn");
        assertThat(again.stdout()).startsWith("FAILURE").contains("owner-1");
        assertThat(new Etcdctl(cluster.gatewayEndpoints().getFirst()).run("get", "name").ok())
                .as("a cluster gateway refuses requests without a credential").isFalse();
    }

    @Test
    @Order(3)
    void memberListAndEndpointStatus() {
        String endpoint = cluster.gatewayEndpoints().getFirst();
        Etcdctl.Result members = etcdctl.run("member", "list");
        assertThat(members.ok()).as(members.toString()).isTrue();
        assertThat(members.stdout()).contains("started", "http://" + endpoint);
        Etcdctl.Result status = etcdctl.run("endpoint", "status", "-w", "table");
        assertThat(status.ok()).as(status.toString()).isTrue();
        assertThat(status.stdout()).contains("RAFT TERM", "RAFT INDEX", endpoint);
    }

    @Test
    @Order(4)
    void everyShardHasThreeReplicasOnThreeDistinctNodesInDistinctZones() {
        try (ClusterAdmin admin = new ClusterAdmin(cluster)) {
            RouteTable routes = admin.routes();
            assertThat(routes.getNodesList()).hasSize(3).allMatch(n -> n.getState() == NodeState.NODE_UP);
            Map<Long, String> zones = routes.getNodesList().stream()
                    .collect(Collectors.toMap(NodeDescriptor::getId, n -> n.getLabelsMap().get("zone")));
            assertThat(Set.copyOf(zones.values())).hasSize(3);
            assertThat(routes.getShardsList()).hasSize(4);
            for (ShardRoute route : routes.getShardsList()) {
                Set<Long> nodes = route.getShard().getReplicasList().stream().map(Replica::getNodeId)
                        .collect(Collectors.toSet());
                assertThat(nodes).as("shard %d", route.getShard().getId()).hasSize(3)
                        .isEqualTo(zones.keySet());
                assertThat(nodes).contains(route.getLeaderNodeId());
            }
        }
    }

    @Test
    @Order(5)
    void downStopsEveryProcessAndUpRestartsThemOnTheSameDataAndPorts() {
        Map<String, Map<String, String>> addresses = cluster.members().stream()
                .collect(Collectors.toMap(ClusterMember::name, ClusterMember::addresses));
        CommandRun down = cluster.cairnCluster("down");
        assertThat(down.exitCode()).as(down.output()).isZero();
        cluster.members().forEach(m -> assertThat(cluster.isRunning(m.name())).as(m.name()).isFalse());

        CommandRun up = cluster.cairnCluster("up");
        assertThat(up.exitCode()).as(up.output()).isZero();
        assertThat(up.output()).contains("api-key: " + cluster.apiKey());
        cluster.members().forEach(m -> {
            assertThat(cluster.isRunning(m.name())).as(m.name()).isTrue();
            assertThat(m.addresses()).isEqualTo(addresses.get(m.name()));
        });
        assertThat(etcdctl.run("get", "name").lines()).containsExactly("name", "wuuu");
        assertThat(etcdctl.run("put", "after-restart", "yes").ok()).isTrue();
    }
}
