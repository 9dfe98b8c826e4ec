package io.cairn.controlplane;

import static io.cairn.controlplane.SchedulingHarness.tenantKey;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.cairn.api.meta.Operator;
import io.cairn.api.meta.OperatorKind;
import io.cairn.api.meta.OperatorState;
import io.cairn.api.meta.ShardDescriptor;
import io.cairn.api.meta.ShardEpoch;
import io.cairn.api.meta.ShardRoute;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SplitAndMergeTest {
    private static final ByteString T1 = tenantKey(1, "");
    private static final ByteString T2 = tenantKey(2, "");
    private static final ByteString T4 = tenantKey(4, "");
    private static final ByteString T5 = tenantKey(5, "");

    @Test
    void splitKeysMoveToATenantBoundaryInsideTheShard() {
        ShardDescriptor multiTenant = ShardDescriptor.newBuilder().setStartKey(T1).setEndKey(T4).build();
        assertThat(SplitKeys.choose(multiTenant, tenantKey(2, "m"))).contains(T2);
        // the hint's own tenant starts the shard: the next tenant's start is used
        assertThat(SplitKeys.choose(multiTenant, tenantKey(1, "m"))).contains(T2);
        // one tenant only: split inside it, at the hint
        ShardDescriptor oneTenant = ShardDescriptor.newBuilder().setStartKey(T4).setEndKey(T5).build();
        assertThat(SplitKeys.choose(oneTenant, tenantKey(4, "m"))).contains(tenantKey(4, "m"));
        // the last shard reaches the end of the keyspace
        ShardDescriptor last = ShardDescriptor.newBuilder().setStartKey(T4).build();
        assertThat(SplitKeys.choose(last, tenantKey(4, "m"))).contains(T5);
        // no hint, or one outside the shard: no split
        assertThat(SplitKeys.choose(multiTenant, ByteString.EMPTY)).isEmpty();
        assertThat(SplitKeys.choose(multiTenant, tenantKey(7, "x"))).isEmpty();
        assertThat(SplitKeys.choose(multiTenant, T1)).isEmpty();
    }

    @Test
    void anOversizedShardSplitsAtATenantBoundaryAndTheRoutesFollow() {
        SchedulingHarness h = new SchedulingHarness(SchedulingConfig.defaults().withSplit(1_000, 1_000_000), 3);
        for (int i = 0; i < 3; i++) {
            h.addNode("", List.of(T1, T4));
        }
        h.runUntilQuiet(10);
        ShardRoute middle = h.state.shards().get(1);
        long id = middle.getShard().getId();
        FakeStoreNodes.Group group = h.nodes.group(id);
        group.keys = 10;
        group.sizeBytes = 500;
        group.hint = tenantKey(2, "m");
        h.runUntilQuiet(10);
        assertThat(h.state.shards()).hasSize(3); // below the threshold

        long routeVersion = h.state.routeTable().getVersion();
        group.sizeBytes = 5_000;
        List<Operator> first = List.of();
        for (int i = 0; i < 3 && first.isEmpty(); i++) {
            first = h.round();
        }
        assertThat(first).singleElement().satisfies(op -> {
            assertThat(op.getKind()).isEqualTo(OperatorKind.SPLIT);
            assertThat(op.getSteps(0).getSplitShard().getSplitKey()).isEqualTo(T2);
            assertThat(op.getSteps(0).getSplitShard().getNewShardId()).isEqualTo(4);
        });
        h.runUntilQuiet(10);

        List<ShardRoute> shards = h.state.shards();
        assertThat(shards).hasSize(4);
        ShardRoute left = h.route(id);
        ShardRoute right = h.route(4);
        assertThat(left.getShard().getStartKey()).isEqualTo(T1);
        assertThat(left.getShard().getEndKey()).isEqualTo(T2);
        assertThat(right.getShard().getStartKey()).isEqualTo(T2);
        assertThat(right.getShard().getEndKey()).isEqualTo(T4);
        assertThat(left.getShard().getEpoch()).isEqualTo(ShardEpoch.newBuilder().setConfVer(1).setVersion(2).build());
        assertThat(right.getShard().getEpoch()).isEqualTo(left.getShard().getEpoch());
        assertThat(right.getShard().getReplicasList()).isEqualTo(left.getShard().getReplicasList());
        assertThat(h.state.routeTable().getVersion()).isGreaterThan(routeVersion);
        assertThat(h.state.finishedOperators()).filteredOn(o -> o.getKind() == OperatorKind.SPLIT)
                .singleElement().extracting(Operator::getState).isEqualTo(OperatorState.OPERATOR_SUCCEEDED);
    }

    @Test
    void smallAdjacentShardsMergeOnlyAfterTheDelayAndOnlyWhenEnabled() {
        long delay = 30_000;
        SchedulingHarness disabled = harness(SchedulingConfig.defaults().withMerge(false, 1_000, 1_000, delay));
        disabled.now += 2 * delay;
        disabled.runUntilQuiet(10);
        assertThat(disabled.state.shards()).hasSize(3);

        SchedulingHarness h = harness(SchedulingConfig.defaults().withMerge(true, 1_000, 1_000, delay));
        long bootstrappedAt = h.now;
        h.runUntilQuiet(10);
        assertThat(h.started).noneMatch(o -> o.getKind() == OperatorKind.MERGE);
        h.now = bootstrappedAt + delay + 1;
        List<Operator> merges = h.round();
        assertThat(merges).singleElement().satisfies(op -> {
            assertThat(op.getKind()).isEqualTo(OperatorKind.MERGE);
            assertThat(op.getShardId()).isEqualTo(1);
            assertThat(Operators.steps(op)).containsExactly(new OperatorStep.MergeShards(2, 1));
        });
        h.runUntilQuiet(10);
        assertThat(h.state.shards()).hasSize(2);
        ShardRoute merged = h.route(1);
        assertThat(merged.getShard().getStartKey()).isEqualTo(ByteString.EMPTY);
        assertThat(merged.getShard().getEndKey()).isEqualTo(T4);
        assertThat(merged.getShard().getEpoch().getVersion()).isEqualTo(2);
        // the merged shard waits a full delay before merging again
        long mergedAt = merged.getLastSplitMs();
        h.now = mergedAt + delay - 5_000;
        h.runUntilQuiet(3);
        assertThat(h.state.shards()).hasSize(2);
        h.now = mergedAt + delay + 1;
        h.runUntilQuiet(10);
        assertThat(h.state.shards()).singleElement().extracting(r -> r.getShard().getEndKey()).isEqualTo(ByteString.EMPTY);
        assertThat(Optional.of(h.state.finishedOperators())).get().asList().hasSize(2);
    }

    private static SchedulingHarness harness(SchedulingConfig config) {
        SchedulingHarness h = new SchedulingHarness(config, 3);
        for (int i = 0; i < 3; i++) {
            h.addNode("", List.of(T1, T4));
        }
        for (FakeStoreNodes.Group g : h.nodes.groups()) {
            g.sizeBytes = 100;
            g.keys = 10;
        }
        return h;
    }
}
