package io.cairn.node;

import static io.cairn.node.ClusterSpec.key;
import static io.cairn.node.ClusterSpec.tenantPrefix;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.cairn.api.etcdserverpb.RangeRequest;
import io.cairn.api.meta.Replica;
import io.cairn.api.meta.RouteTable;
import io.cairn.api.meta.ShardRoute;
import io.cairn.api.shard.ShardRequest;
import io.cairn.api.shard.ShardRequestContext;
import io.cairn.api.shard.ShardResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Membership operators executed by real store nodes (real JRaft) for the real control plane:
 * a replica moved onto a new node, an admin leader transfer, a dead node's replicas rebuilt.
 */
class StoreNodeMembershipTest {
    @TempDir
    Path dir;
    private ScheduledCluster cluster;
    private RoutedKv kv;

    @AfterEach
    void stop() {
        if (kv != null) {
            kv.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aFourthNodeReceivesAReplicaWithItsDataAndNoAcknowledgedWriteIsLost() {
        cluster = ScheduledCluster.start(dir, 3, List.of(tenantPrefix(2)), 30_000, ScheduledCluster.fastScheduling());
        for (int i = 0; i < 3; i++) {
            cluster.addNode();
        }
        cluster.awaitSettled(2, 3, Duration.ofSeconds(60));
        kv = new RoutedKv(cluster::routes);
        Map<ByteString, String> written = new HashMap<>();
        for (int i = 0; i < 20; i++) {
            for (long tenant : List.of(1L, 2L)) {
                ByteString k = key(tenant, "before-" + i);
                assertThat(kv.put(k, "v" + i)).isPresent();
                written.put(k, "v" + i);
            }
        }

        BackgroundWriter writer = new BackgroundWriter(kv, List.of(1L, 2L), "during-");
        long fourth = cluster.addNode();
        RouteTable table = await("a replica moves onto node " + fourth).atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> cluster.awaitSettled(2, 3, Duration.ofSeconds(60)),
                        t -> t.getShardsList().stream().anyMatch(r -> votersOf(r).contains(fourth)));
        Map<ByteString, String> during = writer.stop();
        assertThat(during).as("writes acknowledged while the replica moved").isNotEmpty();
        written.putAll(during);

        written.forEach((k, v) -> assertThat(value(kv.get(k))).as("key %s", k.toStringUtf8()).contains(v));

        ShardRoute moved = table.getShardsList().stream().filter(r -> votersOf(r).contains(fourth)).findFirst()
                .orElseThrow();
        try (NodeClient onFourth = new NodeClient(cluster.node(fourth).rpcAddress())) {
            written.keySet().stream().filter(k -> fits(k, moved)).forEach(k -> await("node " + fourth + " holds " + k)
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> value(Optional.of(onFourth.execute(serializableGet(moved, k)))).isPresent()));
        }
        long source = table.getNodesList().stream().map(n -> n.getId())
                .filter(id -> id != fourth && !votersOf(moved).contains(id)).findFirst().orElseThrow();
        await("node " + source + " deletes its removed replica").atMost(Duration.ofSeconds(20))
                .until(() -> !Files.exists(cluster.dataDir(source).resolve("shard-" + moved.getShard().getId())));
    }

    @Test
    void anAdminTransfersALeaderAndWritesGoOn() {
        cluster = ScheduledCluster.start(dir, 3, List.of(), 30_000, ScheduledCluster.fastScheduling());
        for (int i = 0; i < 3; i++) {
            cluster.addNode();
        }
        ShardRoute route = cluster.awaitSettled(1, 3, Duration.ofSeconds(60)).getShards(0);
        long target = votersOf(route).stream().filter(id -> id != route.getLeaderNodeId()).findFirst().orElseThrow();

        cluster.admin().transferLeader(route.getShard().getId(), target);

        await("node " + target + " leads").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> cluster.routes().getShards(0).getLeaderNodeId() == target);
        kv = new RoutedKv(cluster::routes);
        ByteString k = key(1, "after-transfer");
        Optional<Long> revision = kv.put(k, "yes");
        assertThat(revision).isPresent();
        assertThat(value(kv.get(k))).contains("yes");
        assertThat(cluster.routes().getShards(0).getLeaderNodeId()).isEqualTo(target);
    }

    @Test
    void aNodeDownLongerThanTheRepairDelayHasItsReplicasRebuiltElsewhere() {
        cluster = ScheduledCluster.start(dir, 3, List.of(tenantPrefix(2)), 2_000,
                ScheduledCluster.fastScheduling().withReplicaRepairDelayMs(1_000));
        for (int i = 0; i < 4; i++) {
            cluster.addNode();
        }
        RouteTable settled = cluster.awaitSettled(2, 3, Duration.ofSeconds(60));
        kv = new RoutedKv(cluster::routes);
        Map<ByteString, String> written = new HashMap<>();
        for (int i = 0; i < 20; i++) {
            for (long tenant : List.of(1L, 2L)) {
                ByteString k = key(tenant, "k" + i);
                assertThat(kv.put(k, "v" + i)).isPresent();
                written.put(k, "v" + i);
            }
        }
        long victim = votersOf(settled.getShards(0)).iterator().next();
        cluster.stopNode(victim);

        await("replicas of node " + victim + " rebuilt").atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> cluster.awaitSettled(2, 3, Duration.ofSeconds(60)),
                        t -> t.getShardsList().stream().noneMatch(r -> votersOf(r).contains(victim)));
        written.forEach((k, v) -> assertThat(value(kv.get(k))).as("key %s", k.toStringUtf8()).contains(v));
    }

    static Set<Long> votersOf(ShardRoute route) {
        return route.getShard().getReplicasList().stream().filter(r -> !r.getLearner()).map(Replica::getNodeId)
                .collect(Collectors.toSet());
    }

    static boolean fits(ByteString key, ShardRoute route) {
        return ShardRequestCheck.inRange(key, ByteString.EMPTY, route.getShard());
    }

    static ShardRequest serializableGet(ShardRoute route, ByteString key) {
        return ShardRequest.newBuilder().setContext(ShardRequestContext.newBuilder()
                        .setShardId(route.getShard().getId()).setEpoch(route.getShard().getEpoch()))
                .setRange(RangeRequest.newBuilder().setKey(key).setSerializable(true)).build();
    }

    static Optional<String> value(Optional<ShardResponse> response) {
        return response.filter(ShardResponse::hasRange).flatMap(r -> r.getRange().getKvsList().stream().findFirst())
                .map(kv -> kv.getValue().toStringUtf8());
    }
}
