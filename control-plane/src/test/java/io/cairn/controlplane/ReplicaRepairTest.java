package io.cairn.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.cairn.api.meta.NodeState;
import io.cairn.api.meta.Operator;
import io.cairn.api.meta.OperatorKind;
import io.cairn.api.meta.OperatorState;
import io.cairn.api.meta.Replica;
import io.cairn.api.meta.ShardRoute;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplicaRepairTest {
    private static final SchedulingConfig CONFIG = SchedulingConfig.defaults().withReplicaRepairDelayMs(5_000);

    @Test
    void aReplicaOnANodeDownLongerThanTheDelayIsRebuiltInAZoneTheShardLacks() {
        SchedulingHarness h = new SchedulingHarness(CONFIG, 3);
        List<ByteString> splits = List.of(ByteString.copyFromUtf8("m"));
        h.addNode("a", splits);
        h.addNode("b", splits);
        h.addNode("c", splits);
        h.addNode("a", splits);
        long zoneC = h.addNode("c", splits);
        h.nodes.kill(3);
        h.setState(3, NodeState.NODE_DOWN);
        long downAt = h.now;
        ReplicaChecker checker = new ReplicaChecker(CONFIG, 3);

        assertThat(checker.check(snapshot(h, downAt + 4_000))).isEmpty();
        List<Operator> repairs = checker.check(snapshot(h, downAt + 6_000));
        assertThat(repairs).hasSize(2).allSatisfy(op -> {
            assertThat(op.getKind()).isEqualTo(OperatorKind.REPAIR_REPLICA);
            assertThat(Operators.steps(op)).containsExactly(new OperatorStep.AddLearner(zoneC),
                    new OperatorStep.PromoteLearner(zoneC), new OperatorStep.RemovePeer(3));
        });

        h.now = downAt + 6_000;
        h.runUntilQuiet(100);
        for (ShardRoute route : h.state.shards()) {
            List<Long> voters = ClusterSnapshot.voters(route);
            assertThat(voters).hasSize(3).doesNotContain(3L).doesNotHaveDuplicates();
            assertThat(route.getShard().getReplicasList()).noneMatch(Replica::getLearner);
            assertThat(voters.stream().map(id -> h.state.node(id).orElseThrow().getLabelsOrThrow("zone")))
                    .doesNotHaveDuplicates();
        }
        assertThat(h.state.finishedOperators()).filteredOn(o -> o.getKind() == OperatorKind.REPAIR_REPLICA)
                .hasSize(2).allMatch(o -> o.getState() == OperatorState.OPERATOR_SUCCEEDED);
    }

    @Test
    void underReplicatedShardsGetAReplicaAndStrayLearnersAreRemoved() {
        SchedulingHarness h = new SchedulingHarness(CONFIG, 2);
        h.addNode("", List.of());
        h.addNode("", List.of());
        long third = h.addNode("", List.of());
        ShardRoute shard = h.state.shards().get(0);
        assertThat(shard.getShard().getReplicasCount()).isEqualTo(2);

        List<Operator> add = new ReplicaChecker(CONFIG, 3).check(snapshot(h, h.now));
        assertThat(add).singleElement().satisfies(op -> {
            assertThat(op.getKind()).isEqualTo(OperatorKind.ADD_REPLICA);
            assertThat(Operators.steps(op)).containsExactly(new OperatorStep.AddLearner(third),
                    new OperatorStep.PromoteLearner(third));
        });

        // a learner left behind by a cancelled operator is removed
        h.state.apply(io.cairn.api.controlplane.ControlPlaneCommand.newBuilder().setAddOperator(
                io.cairn.api.controlplane.AddOperator.newBuilder().setOperator(Operators.of(shard.getShard().getId(),
                        OperatorKind.ADD_REPLICA, List.of(new OperatorStep.AddLearner(third))).toBuilder()
                        .setDeadlineMs(Long.MAX_VALUE)).setNowMs(h.now)).build());
        h.round();
        h.round();
        assertThat(h.route(shard.getShard().getId()).getShard().getReplicasList())
                .contains(Replica.newBuilder().setNodeId(third).setLearner(true).build());
        // the round that saw the learner already started removing it
        assertThat(h.started).singleElement().satisfies(op -> {
            assertThat(op.getKind()).isEqualTo(OperatorKind.REMOVE_EXTRA_REPLICA);
            assertThat(Operators.steps(op)).containsExactly(new OperatorStep.RemovePeer(third));
        });
        h.runUntilQuiet(10);
        assertThat(h.route(shard.getShard().getId()).getShard().getReplicasList()).extracting(Replica::getNodeId)
                .hasSize(2).doesNotContain(third);
    }

    @Test
    void aShardWithoutALiveQuorumIsLeftAlone() {
        SchedulingHarness h = new SchedulingHarness(CONFIG, 3);
        for (int i = 0; i < 4; i++) {
            h.addNode("", List.of());
        }
        h.setState(1, NodeState.NODE_DOWN);
        h.setState(2, NodeState.NODE_DOWN);
        assertThat(new ReplicaChecker(CONFIG, 3).check(snapshot(h, h.now + 60_000))).isEmpty();
    }

    static ClusterSnapshot snapshot(SchedulingHarness h, long now) {
        return new ClusterSnapshot(h.state.nodes(), h.state.shards(), h.reports.all(), h.state.runningOperators(), now);
    }
}
