package io.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.cairn.api.etcdserverpb.RangeRequest;
import io.cairn.api.meta.Operator;
import io.cairn.api.meta.OperatorKind;
import io.cairn.api.meta.OperatorState;
import io.cairn.api.meta.ShardRoute;
import io.cairn.api.mvccpb.KeyValue;
import io.cairn.api.shard.ShardResponse;
import io.cairn.controlplane.client.PlacementClient;
import io.cairn.testkit.CairnCluster;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shard splits while writers and readers run through the gateway: an admin SplitShard (via the
 * control plane's Admin gRPC) cuts the dev tenant's shard in the middle of the keys being
 * written and read, then the automatic split checker (control plane started with a low
 * {@code --split-keys}) splits a shard on its own while a bulk writer grows it. Checked: no
 * acknowledged write lost, none applied twice, every read returns a value written for its key,
 * never older than an acknowledged write or an earlier read of the same reader, ranges across
 * the split see every key; both halves serve through the gateway with bumped epochs while the
 * old route is refused by the store node. Reported: split times, errors by kind, max latency.
 */
class ClusterSplitUnderLoadIT {
    /** The automatic split threshold: a shard whose leader reports more keys (RocksDB's estimate) splits. */
    static final int SPLIT_KEYS = 600;

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
    void splitsUnderLoadLoseNothingAndTheGatewayFollows() throws Exception {
        cluster = CairnCluster.start(tmp.resolve("cluster"), 3, "--shards", "2", "--split-keys", Integer.toString(SPLIT_KEYS));
        ClusterAdmin admin = new ClusterAdmin(cluster);
        closeables.add(admin);
        long dev = admin.tenantId(DevTenant.NAME);
        String gateway = cluster.gatewayEndpoints().getFirst();
        OverwriteLoad load = new OverwriteLoad(3, 10);
        WriteOutcomes bulkOutcomes = new WriteOutcomes();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < 3; w++) {
            threads.add(Thread.ofVirtual().start(load.writer(client(gateway), w, 10)));
        }
        await().atMost(60, TimeUnit.SECONDS).until(load::allWritten);
        for (int r = 0; r < 2; r++) {
            threads.add(Thread.ofVirtual().start(load.reader(client(gateway), 10)));
        }
        UniqueKeyWriter bulk = new UniqueKeyWriter(client(gateway), "z/", "bulk", 0, bulkOutcomes);
        Thread bulkThread = Thread.ofVirtual().start(bulk);
        await().atMost(60, TimeUnit.SECONDS).until(() -> load.readsChecked.get() >= 50);

        ByteString splitKey = ClusterAdmin.internalKey(dev, "k/5");
        ShardRoute before = admin.routeOf(splitKey);
        long splitStarted = System.nanoTime();
        Operator op = admin.retrying(p -> p.splitShard(before.getShard().getId(), splitKey.toByteArray()));
        assertThat(op.getKind()).isEqualTo(OperatorKind.ADMIN_SPLIT);
        await().atMost(60, TimeUnit.SECONDS).pollInterval(100, TimeUnit.MILLISECONDS).until(() -> {
            ShardRoute right = admin.routeOf(splitKey);
            return right.getShard().getStartKey().equals(splitKey) && right.getLeaderNodeId() != 0;
        });
        long splitRouted = System.nanoTime();
        ShardRoute left = admin.routeOf(ClusterAdmin.internalKey(dev, "k/0"));
        ShardRoute right = admin.routeOf(splitKey);
        assertThat(left.getShard().getId()).isEqualTo(before.getShard().getId());
        assertThat(left.getShard().getEndKey()).isEqualTo(splitKey);
        assertThat(right.getShard().getId()).isNotEqualTo(left.getShard().getId());
        assertThat(left.getShard().getEpoch().getVersion()).isGreaterThan(before.getShard().getEpoch().getVersion());
        assertThat(right.getShard().getEpoch().getVersion()).isEqualTo(left.getShard().getEpoch().getVersion());
        // both halves serve through the gateway ...
        await().atMost(30, TimeUnit.SECONDS).pollInterval(20, TimeUnit.MILLISECONDS).until(() ->
                load.ackedAfter(splitRouted, k -> k.compareTo("k/5") < 0) && load.ackedAfter(splitRouted, k -> k.compareTo("k/5") > 0));
        long bothServe = System.nanoTime();
        GrpcKv probe = client(gateway);
        assertThat(probe.kv().range(RangeRequest.newBuilder().setKey(ByteString.copyFromUtf8("k/0/w0")).build()).getKvsCount()).isOne();
        assertThat(probe.kv().range(RangeRequest.newBuilder().setKey(ByteString.copyFromUtf8("k/9/w0")).build()).getKvsCount()).isOne();
        // ... while the old route (pre-split epoch) is refused for the moved half
        String leftLeader = admin.node(left.getLeaderNodeId()).getRpcAddress();
        ShardResponse stale = ClusterAdmin.serializableGet(leftLeader, before, ClusterAdmin.internalKey(dev, "k/9/w0"));
        assertThat(stale.hasError()).as("old epoch on the split shard: %s", stale).isTrue();
        System.out.printf("SPLIT admin split of shard %d at dev:k/5: routed in %d ms (new shard %d, epoch.version %d -> %d);"
                        + " a write sent after that acknowledged on each half %d ms after the request; stale route answered %s%n",
                before.getShard().getId(), (splitRouted - splitStarted) / 1_000_000, right.getShard().getId(),
                before.getShard().getEpoch().getVersion(), left.getShard().getEpoch().getVersion(),
                (bothServe - splitStarted) / 1_000_000, stale.getError().getKindCase());

        long autoWaitStarted = System.nanoTime();
        List<String> reports = new ArrayList<>();
        try {
            await().atMost(90, TimeUnit.SECONDS).pollInterval(500, TimeUnit.MILLISECONDS).until(() -> {
                reports.add(admin.retrying(PlacementClient::listShards).getShardsList().stream()
                        .map(i -> i.getRoute().getShard().getId() + ":keys=" + i.getStats().getKeys()
                                + (i.getStats().getSplitKeyHint().isEmpty() ? ",no-hint" : ""))
                        .toList() + " bulk=" + bulk.acknowledged.size());
                return finished(admin, OperatorKind.SPLIT).stream().anyMatch(o -> o.getState() == OperatorState.OPERATOR_SUCCEEDED);
            });
        } finally {
            reports.stream().skip(Math.max(0, reports.size() - 8)).forEach(r -> System.out.println("SPLIT   shards " + r));
        }
        long autoSplit = System.nanoTime();
        Operator auto = finished(admin, OperatorKind.SPLIT).stream()
                .filter(o -> o.getState() == OperatorState.OPERATOR_SUCCEEDED).findFirst().orElseThrow();
        bulk.stop();
        bulkThread.join(30_000);
        long acknowledgedAtAuto = load.acknowledged();
        await().atMost(30, TimeUnit.SECONDS).until(() -> load.acknowledged() >= acknowledgedAtAuto + 60);
        load.stop();
        for (Thread t : threads) {
            t.join(30_000);
        }

        Map<String, KeyValue> stored = readBack(probe, "k/", "k0");
        load.checkFinal(stored);
        Map<String, KeyValue> bulkStored = readBack(probe, "z/", "z0");
        assertThat(bulkStored.keySet()).containsAll(bulk.acknowledged.keySet());
        bulk.acknowledged.forEach((k, v) -> assertThat(bulkStored.get(k).getValue().toStringUtf8()).isEqualTo(v));
        assertThat(bulkStored.values()).allSatisfy(kv -> assertThat(kv.getVersion()).isEqualTo(1));
        assertThat(bulkStored.keySet()).allMatch(k -> bulk.acknowledged.containsKey(k) || bulk.unknown.containsKey(k));

        List<ShardRoute> shards = admin.routes().getShardsList();
        long adminWindowFrom = splitStarted - 1_000_000_000L;
        long adminWindowTo = bothServe;
        System.out.printf("SPLIT automatic split (%s) of shard %d %d ms after the admin split was routed; %d shards now%n",
                auto.getState(), auto.getShardId(), (autoSplit - splitRouted) / 1_000_000, shards.size());
        System.out.printf("SPLIT writes: %d ok (%d of them bulk), %d failed %s; reads: %d ok, %d failed %s; %d reads checked%n",
                load.writes.succeeded() + bulkOutcomes.succeeded(), bulkOutcomes.succeeded(), load.writes.failedCount() + bulkOutcomes.failedCount(),
                merged(load.writes, bulkOutcomes), load.reads.succeeded(), load.reads.failedCount(),
                load.reads.errorsByKind(), load.readsChecked.get());
        System.out.printf("SPLIT max write latency around the admin split %d ms (reads %d ms); around the automatic split"
                        + " %d ms (bulk writer, whose shard split: %d ms); p99 write latency away from the admin split %d ms%n",
                load.writes.maxLatencyMsDuring(adminWindowFrom, adminWindowTo),
                load.reads.maxLatencyMsDuring(adminWindowFrom, adminWindowTo),
                load.writes.maxLatencyMsDuring(autoWaitStarted, autoSplit),
                bulkOutcomes.maxLatencyMsDuring(autoWaitStarted, autoSplit),
                load.writes.percentileMsOutside(99, adminWindowFrom, adminWindowTo));
        assertThat(load.violations).as("read/write checks").isEmpty();
        assertThat(load.readsChecked.get()).isGreaterThan(100);
    }

    private GrpcKv client(String gateway) {
        GrpcKv client = new GrpcKv(gateway, cluster.apiKey());
        closeables.add(client);
        return client;
    }

    private static List<Operator> finished(ClusterAdmin admin, OperatorKind kind) {
        return admin.retrying(PlacementClient::listOperators).getFinishedList().stream().filter(o -> o.getKind() == kind).toList();
    }

    private static Map<String, Long> merged(WriteOutcomes a, WriteOutcomes b) {
        Map<String, Long> all = new HashMap<>(a.errorsByKind());
        b.errorsByKind().forEach((k, v) -> all.merge(k, v, Long::sum));
        return all;
    }

    private static Map<String, KeyValue> readBack(GrpcKv client, String from, String to) {
        Map<String, KeyValue> byKey = new HashMap<>();
        client.kv().range(RangeRequest.newBuilder().setKey(ByteString.copyFromUtf8(from))
                .setRangeEnd(ByteString.copyFromUtf8(to)).build()).getKvsList()
                .forEach(kv -> byKey.put(kv.getKey().toStringUtf8(), kv));
        return byKey;
    }
}
