package io.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.cairn.api.mvccpb.KeyValue;
import io.cairn.api.etcdserverpb.RangeRequest;
import io.cairn.api.etcdserverpb.RangeResponse;
import io.cairn.api.meta.NodeState;
import io.cairn.api.meta.Tenant;
import io.cairn.api.placement.NodeInfo;
import io.cairn.api.shard.NodeStatusResponse;
import io.cairn.controlplane.client.PlacementClient;
import io.cairn.testkit.CairnCluster;
import io.cairn.testkit.ClusterMember;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IntSummaryStatistics;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 4th store node joins a running 3-node cluster ({@code cluster add-node}) while writers
 * put unique keys through the gateway into 8 tenants, one per shard (8 shards x 3 replicas:
 * 8 per node before, 6 after). The control plane's balancers must spread replicas and
 * leaders: balanced = over up nodes, max - min of replica counts and of leader counts are both
 * within the balancers' tolerance, max(1, 5% of the largest count) = 1 here, and no operator
 * is running. Then every acknowledged write is read back with its value, exactly once
 * (etcd version 1), and nothing that was never written appears.
 */
class ClusterJoinRebalanceIT {
    static final int SHARDS = 8;
    /** {@code SchedulingConfig.balanceTolerance} default; 5% of 8 replicas is below it. */
    static final int TOLERANCE = 1;

    @TempDir
    Path tmp;
    CairnCluster cluster;
    final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void down() throws Exception {
        for (AutoCloseable c : closeables.reversed()) {
            c.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aJoiningNodeGetsItsShareOfReplicasAndLeadersAndNoWriteIsLost() throws Exception {
        cluster = CairnCluster.start(tmp.resolve("cluster"), 3, "--shards", Integer.toString(SHARDS));
        ClusterAdmin admin = new ClusterAdmin(cluster);
        closeables.add(admin);
        Map<String, String> keys = tenantKeys(admin);
        String gateway = cluster.gatewayEndpoints().getFirst();
        WriteOutcomes outcomes = new WriteOutcomes();
        Map<String, UniqueKeyWriter> writers = new HashMap<>();
        Map<String, GrpcKv> clients = new HashMap<>();
        List<Thread> threads = new ArrayList<>();
        keys.forEach((tenant, apiKey) -> {
            GrpcKv client = new GrpcKv(gateway, apiKey);
            closeables.add(client);
            clients.put(tenant, client);
            UniqueKeyWriter writer = new UniqueKeyWriter(client, "join/", tenant, 20, outcomes);
            writers.put(tenant, writer);
            threads.add(Thread.ofVirtual().name("writer-" + tenant).start(writer));
        });
        await().atMost(60, TimeUnit.SECONDS).until(() -> writers.values().stream().allMatch(w -> w.acknowledged.size() >= 5));

        long joinStarted = System.nanoTime();
        CompletableFuture<ClusterMember> adding = CompletableFuture.supplyAsync(cluster::addNode,
                Executors.newVirtualThreadPerTaskExecutor());
        await().atMost(150, TimeUnit.SECONDS).pollInterval(200, TimeUnit.MILLISECONDS)
                .until(() -> admin.retrying(PlacementClient::listNodes).getNodesCount() == 4);
        long registered = System.nanoTime();
        List<String> progress = new ArrayList<>();
        await().atMost(150, TimeUnit.SECONDS).pollInterval(500, TimeUnit.MILLISECONDS).until(() -> {
            List<NodeInfo> up = admin.retrying(PlacementClient::listNodes).getNodesList().stream()
                    .filter(n -> n.getNode().getState() == NodeState.NODE_UP).toList();
            boolean idle = admin.retrying(PlacementClient::listOperators).getRunningCount() == 0;
            progress.add(String.format("%.1fs replicas=%s leaders=%s idle=%s", (System.nanoTime() - registered) / 1e9,
                    counts(up, NodeInfo::getReplicas), counts(up, NodeInfo::getLeaders), idle));
            return up.size() == 4 && idle && spread(up, NodeInfo::getReplicas) <= TOLERANCE
                    && spread(up, NodeInfo::getLeaders) <= TOLERANCE;
        });
        long balanced = System.nanoTime();
        ClusterMember added = adding.get(150, TimeUnit.SECONDS);
        long addNodeReturned = System.nanoTime();
        System.out.println("REBALANCE " + String.join("\nREBALANCE ", Files.readAllLines(
                cluster.dir().resolveSibling(cluster.dir().getFileName() + "-add-node.out")).subList(0, 2)));
        long newNodeId = admin.retrying(PlacementClient::listNodes).getNodesList().stream()
                .filter(n -> n.getNode().getRpcAddress().equals(added.address("rpc")))
                .mapToLong(n -> n.getNode().getId()).findFirst().orElseThrow();
        System.out.printf("REBALANCE add-node started -> node registered %d ms; registered -> balanced %d ms;"
                        + " join -> balanced %d ms (add-node itself returned after %d ms)%n",
                (registered - joinStarted) / 1_000_000, (balanced - registered) / 1_000_000,
                (balanced - joinStarted) / 1_000_000, (addNodeReturned - joinStarted) / 1_000_000);
        progress.stream().skip(Math.max(0, progress.size() - 12)).forEach(p -> System.out.println("REBALANCE   " + p));

        List<NodeInfo> nodes = admin.retrying(PlacementClient::listNodes).getNodesList();
        System.out.println("REBALANCE final replicas=" + counts(nodes, NodeInfo::getReplicas)
                + " leaders=" + counts(nodes, NodeInfo::getLeaders));
        int expectedShare = SHARDS * 3 / 4;
        assertThat(nodes.stream().filter(n -> n.getNode().getId() == newNodeId).findFirst().orElseThrow().getReplicas())
                .isBetween(expectedShare - TOLERANCE, expectedShare + TOLERANCE);
        NodeStatusResponse status = ClusterAdmin.nodeStatus(added.address("rpc"));
        assertThat(status.getShardsCount()).as("replicas the new node really hosts")
                .isBetween(expectedShare - TOLERANCE, expectedShare + TOLERANCE);

        await().atMost(10, TimeUnit.SECONDS).until(() -> writers.values().stream().allMatch(w -> w.acknowledged.size() >= 50));
        writers.values().forEach(UniqueKeyWriter::stop);
        for (Thread t : threads) {
            t.join(30_000);
        }
        long acked = 0;
        long unknownApplied = 0;
        for (Map.Entry<String, UniqueKeyWriter> e : writers.entrySet()) {
            UniqueKeyWriter w = e.getValue();
            Map<String, KeyValue> stored = readBack(clients.get(e.getKey()), "join/");
            assertThat(stored.keySet()).as("tenant %s: every acknowledged write is there", e.getKey())
                    .containsAll(w.acknowledged.keySet());
            w.acknowledged.forEach((k, v) -> assertThat(stored.get(k).getValue().toStringUtf8()).isEqualTo(v));
            for (KeyValue kv : stored.values()) {
                String key = kv.getKey().toStringUtf8();
                assertThat(w.acknowledged.containsKey(key) || w.unknown.containsKey(key))
                        .as("tenant %s: %s was written", e.getKey(), key).isTrue();
                assertThat(kv.getVersion()).as("tenant %s: %s applied once", e.getKey(), key).isEqualTo(1);
            }
            acked += w.acknowledged.size();
            unknownApplied += w.unknown.keySet().stream().filter(stored::containsKey).count();
        }
        System.out.printf("REBALANCE writes: %d acknowledged (all read back once), %d failed (%d of them applied);"
                        + " errors %s; max write latency %d ms, p99 %d ms outside the rebalance%n", acked,
                outcomes.failedCount(), unknownApplied, outcomes.errorsByKind(),
                outcomes.maxLatencyMsDuring(joinStarted, balanced),
                outcomes.percentileMsOutside(99, joinStarted, balanced));
        assertThat(acked).isPositive();
    }

    /** dev plus tenants t2..t8: with --shards 8 the initial shards split at tenant ids 2..8, one tenant each. */
    private static Map<String, String> tenantKeys(ClusterAdmin admin) {
        Map<String, String> keys = new HashMap<>();
        for (int i = 2; i <= SHARDS; i++) {
            String name = "t" + i;
            Tenant tenant = admin.retryingUntilApplied(p -> p.createTenant(name, "dev"), () -> admin.placement().listTenants()
                    .stream().filter(t -> t.getName().equals(name)).findFirst());
            assertThat(tenant.getId()).isEqualTo(i);
            keys.put(name, apiKey(admin, name));
        }
        keys.put(DevTenant.NAME, apiKey(admin, DevTenant.NAME));
        return keys;
    }

    /** A new API key (an attempt that expired unanswered may leave an unused one behind). */
    private static String apiKey(ClusterAdmin admin, String tenant) {
        return admin.retryingUntilApplied(p -> p.createApiKey(tenant, List.of(), 0).getApiKey(), java.util.Optional::empty);
    }

    private static Map<String, KeyValue> readBack(GrpcKv client, String prefix) {
        RangeResponse all = client.kv().range(RangeRequest.newBuilder().setKey(ByteString.copyFromUtf8(prefix))
                .setRangeEnd(ByteString.copyFromUtf8(prefix.substring(0, prefix.length() - 1) + (char) (prefix.charAt(prefix.length() - 1) + 1)))
                .build());
        Map<String, KeyValue> byKey = new HashMap<>();
        all.getKvsList().forEach(kv -> byKey.put(kv.getKey().toStringUtf8(), kv));
        assertThat(byKey).hasSize(all.getKvsCount());
        return byKey;
    }

    private static String counts(List<NodeInfo> nodes, ToIntFunction<NodeInfo> count) {
        return nodes.stream().map(n -> n.getNode().getId() + ":" + count.applyAsInt(n)).toList().toString();
    }

    private static int spread(List<NodeInfo> nodes, ToIntFunction<NodeInfo> count) {
        IntSummaryStatistics s = nodes.stream().mapToInt(count).summaryStatistics();
        return s.getMax() - s.getMin();
    }
}
