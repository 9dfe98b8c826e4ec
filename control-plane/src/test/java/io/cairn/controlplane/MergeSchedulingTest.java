package io.cairn.controlplane;

import static io.cairn.controlplane.SchedulingHarness.tenantKey;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.cairn.api.meta.Operator;
import io.cairn.api.meta.OperatorKind;
import io.cairn.api.meta.Replica;
import io.cairn.api.meta.ShardDescriptor;
import io.cairn.api.meta.ShardEpoch;
import io.cairn.api.meta.ShardStats;
import io.cairn.api.placement.NodeHeartbeat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Merge scheduling beyond the basic checker: frozen sources, completion on every replica, who is told. */
class MergeSchedulingTest {
    private static final ByteString T1 = tenantKey(1, "");
    private static final ByteString T4 = tenantKey(4, "");

    @Test
    void aFrozenSourceIsFinishedFirstEvenWithMergesOffAndNoOtherCheckerTouchesThePair() {
        SchedulingHarness h = harness(SchedulingConfig.defaults().withMerge(false, 1_000, 1_000, 600_000)
                .withSplit(50, 1_000_000));
        h.runUntilQuiet(10);
        FakeStoreNodes.Group source = h.nodes.group(3);
        source.mergingInto = 2;
        // shard 2 is far over the split threshold, but it is the frozen source's target: only a merge may touch it
        h.nodes.group(2).sizeBytes = 10_000;
        h.nodes.group(2).hint = tenantKey(2, "m");
        List<Operator> started = List.of();
        for (int i = 0; i < 3 && started.isEmpty(); i++) {
            started = h.round();
        }
        assertThat(started).singleElement().satisfies(op -> {
            assertThat(op.getKind()).isEqualTo(OperatorKind.MERGE);
            assertThat(Operators.steps(op)).containsExactly(new OperatorStep.MergeShards(3, 2));
        });
        assertThat(h.state.runningOperators()).singleElement().extracting(Operator::getKind)
                .isEqualTo(OperatorKind.MERGE);
        for (int i = 0; i < 10 && h.state.shard(3).isPresent(); i++) {
            h.round();
        }
        assertThat(h.state.shards()).extracting(r -> r.getShard().getId()).doesNotContain(3L);
        // the oversized target was left alone until the merge finished; only then may it split
        assertThat(h.started.stream().filter(o -> OperatorBook.touchedShards(o).contains(2L)).findFirst())
                .get().extracting(Operator::getKind).isEqualTo(OperatorKind.MERGE);
    }

    @Test
    void shardsASplitCreatedAreNotMergedBackWithinTheDelay() {
        long delay = 60_000;
        SchedulingHarness h = harness(SchedulingConfig.defaults().withMerge(true, 1_000, 1_000, delay));
        for (int i = 0; i < 2; i++) { // the bootstrapped shards, old enough, merge down to one
            h.now += delay + 1;
            h.runUntilQuiet(10);
        }
        assertThat(h.state.shards()).hasSize(1);
        long id = h.state.shards().get(0).getShard().getId();
        h.controller.submit(Operators.of(id, OperatorKind.ADMIN_SPLIT,
                List.of(new OperatorStep.SplitShard(tenantKey(2, ""), 0))), h.now).join();
        h.runUntilQuiet(10);
        assertThat(h.state.shards()).hasSize(2);
        h.nodes.groups().forEach(g -> {
            g.sizeBytes = 100;
            g.keys = 10;
        });
        long splitAt = h.route(id).getLastSplitMs();
        while (h.now < splitAt + delay - 2_000) {
            h.round();
        }
        assertThat(h.state.shards()).as("both halves are small, but younger than the delay").hasSize(2);
        h.now = splitAt + delay + 1;
        h.runUntilQuiet(10);
        assertThat(h.state.shards()).hasSize(1);
    }

    @Test
    void aMergeIsDoneOnlyWhenEveryVoterOfTheTargetReportsTheWiderEpoch() {
        ShardReports reports = new ShardReports();
        ShardDescriptor target = ShardDescriptor.newBuilder().setId(1).setEndKey(T4)
                .setEpoch(ShardEpoch.newBuilder().setConfVer(1).setVersion(1))
                .addReplicas(Replica.newBuilder().setNodeId(1)).addReplicas(Replica.newBuilder().setNodeId(2))
                .addReplicas(Replica.newBuilder().setNodeId(3)).build();
        OperatorStep.MergeShards step = new OperatorStep.MergeShards(2, 1);
        report(reports, 1, true, 2);
        report(reports, 2, false, 2);
        report(reports, 3, false, 1);
        assertThat(step.isDone(target, reports)).as("node 3 has not absorbed the source yet").isFalse();
        report(reports, 3, false, 2);
        assertThat(step.isDone(target, reports)).isTrue();
    }

    @Test
    void theLeadersOfBothShardsAreHandedTheMerge() {
        SchedulingHarness h = harness(SchedulingConfig.defaults().withMerge(true, 1_000, 1_000, 30_000));
        h.runUntilQuiet(10);
        FakeStoreNodes.Group target = h.nodes.group(1);
        FakeStoreNodes.Group source = h.nodes.group(2);
        source.leader = target.replicas.stream().map(Replica::getNodeId).filter(n -> n != target.leader)
                .findFirst().orElseThrow();
        h.round();
        Operator merge = h.controller.submit(Operators.of(1, OperatorKind.MERGE,
                List.of(new OperatorStep.MergeShards(2, 1))), h.now).join();
        assertThat(h.controller.operatorsFor(target.leader)).extracting(Operator::getId).contains(merge.getId());
        assertThat(h.controller.operatorsFor(source.leader)).extracting(Operator::getId).contains(merge.getId());
    }

    private static void report(ShardReports reports, long nodeId, boolean leader, long version) {
        reports.record(NodeHeartbeat.newBuilder().setNodeId(nodeId).addShards(ShardStats.newBuilder().setShardId(1)
                .setLeader(leader).setTerm(1).setEpoch(ShardEpoch.newBuilder().setConfVer(1).setVersion(version)))
                .build(), 1_000);
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
