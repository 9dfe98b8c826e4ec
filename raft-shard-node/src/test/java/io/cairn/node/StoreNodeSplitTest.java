package io.cairn.node;

import static io.cairn.node.ClusterSpec.key;
import static io.cairn.node.ClusterSpec.tenantPrefix;
import static io.cairn.node.StoreNodeMembershipTest.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.cairn.api.etcdserverpb.RangeRequest;
import io.cairn.api.meta.NodeDescriptor;
import io.cairn.api.meta.OperatorKind;
import io.cairn.api.meta.OperatorState;
import io.cairn.api.meta.RouteTable;
import io.cairn.api.meta.ShardDescriptor;
import io.cairn.api.meta.ShardEpoch;
import io.cairn.api.meta.ShardRoute;
import io.cairn.api.shard.ShardRequest;
import io.cairn.api.shard.ShardRequestContext;
import io.cairn.api.shard.ShardResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * An admin split of a live shard (real JRaft, real control plane) under continuous writes: no
 * acknowledged write is lost, both halves serve their range, the parent refuses the moved
 * range with EPOCH_NOT_MATCH naming both shards.
 */
class StoreNodeSplitTest {
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

    @ParameterizedTest(name = "{0} replica(s)")
    @ValueSource(ints = {3, 1})
    void anAdminSplitUnderWritesLosesNothingAndTheParentRefusesTheMovedRange(int replicas) {
        cluster = ScheduledCluster.start(dir, replicas, List.of(tenantPrefix(2)), 30_000,
                ScheduledCluster.fastScheduling());
        for (int i = 0; i < replicas; i++) {
            cluster.addNode();
        }
        ShardRoute parent = cluster.awaitSettled(2, replicas, Duration.ofSeconds(60)).getShards(0);
        kv = new RoutedKv(cluster::routes);
        Map<ByteString, String> written = new HashMap<>();
        for (int i = 0; i < 200; i++) {
            ByteString k = key(1, String.format("k%03d", i));
            assertThat(kv.put(k, "v" + i)).isPresent();
            written.put(k, "v" + i);
        }
        BackgroundWriter writer = new BackgroundWriter(kv, List.of(1L), "k1");
        await().atMost(Duration.ofSeconds(10)).until(() -> writer.acknowledgedCount() >= 20);

        ByteString splitKey = key(1, "k100");
        cluster.splitWhenFree(parent.getShard().getId(), splitKey);

        RouteTable split = cluster.awaitSettled(3, replicas, Duration.ofSeconds(60));
        int afterSplit = writer.acknowledgedCount();
        await("writes go on after the split").atMost(Duration.ofSeconds(20))
                .until(() -> writer.acknowledgedCount() >= afterSplit + 20);
        written.putAll(writer.stop());
        assertThat(cluster.admin().listOperators().getFinishedList()).anySatisfy(op -> {
            assertThat(op.getKind()).isEqualTo(OperatorKind.ADMIN_SPLIT);
            assertThat(op.getState()).isEqualTo(OperatorState.OPERATOR_SUCCEEDED);
        });

        ShardRoute left = split.getShards(0);
        ShardRoute right = split.getShards(1);
        assertThat(left.getShard().getId()).isEqualTo(parent.getShard().getId());
        assertThat(left.getShard().getEndKey()).isEqualTo(splitKey);
        assertThat(right.getShard().getStartKey()).isEqualTo(splitKey);
        assertThat(left.getShard().getEpoch().getVersion()).isGreaterThan(parent.getShard().getEpoch().getVersion());

        written.forEach((k, v) -> assertThat(value(kv.get(k))).as("key %s", k.toStringUtf8()).contains(v));
        try (NodeClient leftLeader = new NodeClient(rpcOf(cluster.routes(), left.getShard().getId()));
                NodeClient rightLeader = new NodeClient(rpcOf(cluster.routes(), right.getShard().getId()))) {
            ShardResponse lower = leftLeader.execute(rangeOf(left.getShard(), key(1, ""), splitKey));
            assertThat(lower.getRange().getKvsList()).hasSize(100)
                    .allSatisfy(kv -> assertThat(kv.getKey().toStringUtf8()).isLessThan(splitKey.toStringUtf8()));
            ShardResponse upper = rightLeader.execute(rangeOf(right.getShard(), splitKey, tenantPrefix(2)));
            long expectedUpper = written.keySet().stream()
                    .filter(k -> ByteString.unsignedLexicographicalComparator().compare(k, splitKey) >= 0).count();
            assertThat(upper.getRange().getKvsList()).hasSize((int) expectedUpper);

            ShardResponse stale = leftLeader.execute(rangeOf(withEpoch(left.getShard(), parent.getShard().getEpoch()),
                    key(1, "k150"), ByteString.EMPTY));
            assertThat(stale.getError().hasEpochNotMatch()).as("answer %s", stale).isTrue();
            ShardResponse moved = leftLeader.execute(rangeOf(left.getShard(), key(1, "k150"), ByteString.EMPTY));
            assertThat(moved.getError().getEpochNotMatch().getCurrentShardsList())
                    .extracting(ShardDescriptor::getId)
                    .containsExactly(left.getShard().getId(), right.getShard().getId());
        }
    }

    private static String rpcOf(RouteTable table, long shardId) {
        long leader = table.getShardsList().stream().filter(r -> r.getShard().getId() == shardId).findFirst()
                .orElseThrow().getLeaderNodeId();
        return table.getNodesList().stream().filter(n -> n.getId() == leader).map(NodeDescriptor::getRpcAddress)
                .findFirst().orElseThrow();
    }

    private static ShardDescriptor withEpoch(ShardDescriptor shard, ShardEpoch epoch) {
        return shard.toBuilder().setEpoch(epoch).build();
    }

    private static ShardRequest rangeOf(ShardDescriptor shard, ByteString key, ByteString end) {
        return ShardRequest.newBuilder().setContext(ShardRequestContext.newBuilder().setShardId(shard.getId())
                .setEpoch(shard.getEpoch())).setRange(RangeRequest.newBuilder().setKey(key).setRangeEnd(end)).build();
    }
}
