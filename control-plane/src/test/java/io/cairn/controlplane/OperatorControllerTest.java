package io.cairn.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.cairn.api.meta.Operator;
import io.cairn.api.meta.OperatorKind;
import io.cairn.api.meta.OperatorState;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class OperatorControllerTest {
    private static final List<ByteString> SPLITS = List.of("c", "f", "k", "p", "t").stream()
            .map(ByteString::copyFromUtf8).toList();

    @Test
    void admissionRespectsTheGlobalAndPerNodeLimits() {
        SchedulingHarness h = new SchedulingHarness(SchedulingConfig.defaults().withLimits(3, 1), 3);
        for (int i = 0; i < 3; i++) {
            h.addNode("", SPLITS);
        }
        h.runUntilQuiet(10);
        h.addNode("", SPLITS);
        h.addNode("", SPLITS);
        List<Operator> first = h.round();
        // every move adds a learner on node 4 or 5, and each may take part in one operator only
        assertThat(first).hasSize(2);
        assertThat(h.state.runningOperators()).hasSize(2);
        h.runUntilQuiet(200);
        assertThat(h.maxRunning).isLessThanOrEqualTo(3);
        assertThat(h.started.size()).isGreaterThan(2);
    }

    @Test
    void aShardRunsOneOperatorAtATime() {
        SchedulingHarness h = new SchedulingHarness(SchedulingConfig.defaults(), 3);
        for (int i = 0; i < 3; i++) {
            h.addNode("", SPLITS);
        }
        h.controller.submit(transfer(1, 2), h.now).join();
        assertThatThrownBy(() -> h.controller.submit(transfer(1, 3), h.now).join())
                .isInstanceOf(CompletionException.class).hasCauseInstanceOf(ControlPlaneException.class)
                .hasMessageContaining("already has running operator");
        assertThat(h.state.runningOperators()).hasSize(1);
    }

    @Test
    void aStepNotDoneInTimeCancelsTheOperatorAndIsRecorded() {
        SchedulingHarness h = new SchedulingHarness(SchedulingConfig.defaults().withTimeouts(5_000, 20_000), 3);
        for (int i = 0; i < 3; i++) {
            h.addNode("", SPLITS);
        }
        h.runUntilQuiet(10);
        long leader = h.route(1).getLeaderNodeId();
        long other = ClusterSnapshot.voters(h.route(1)).stream().filter(id -> id != leader).findFirst().orElseThrow();
        h.nodes.pause(true, leader);
        Operator operator = h.controller.submit(transfer(1, other), h.now).join();
        assertThat(operator.getDeadlineMs()).isEqualTo(h.now + 5_000);
        for (int i = 0; i < 4; i++) {
            h.round();
        }
        assertThat(h.state.runningOperators()).extracting(Operator::getId).containsExactly(operator.getId());
        assertThat(h.nodes.received).extracting(Operator::getId).contains(operator.getId());
        h.now = operator.getDeadlineMs() + 1;
        h.round();
        assertThat(h.state.runningOperators()).extracting(Operator::getId).doesNotContain(operator.getId());
        assertThat(h.state.finishedOperators()).filteredOn(o -> o.getId() == operator.getId()).singleElement().satisfies(o -> {
            assertThat(o.getId()).isEqualTo(operator.getId());
            assertThat(o.getState()).isEqualTo(OperatorState.OPERATOR_TIMED_OUT);
            assertThat(o.getReason()).isNotEmpty();
        });
    }

    @Test
    void runningOperatorsSurviveASnapshotRestore() {
        SchedulingHarness h = new SchedulingHarness(SchedulingConfig.defaults(), 3);
        for (int i = 0; i < 3; i++) {
            h.addNode("", SPLITS);
        }
        h.controller.submit(transfer(1, 2), h.now).join();
        h.controller.submit(Operators.of(2, OperatorKind.ADMIN_SPLIT,
                List.of(new OperatorStep.SplitShard(ByteString.copyFromUtf8("d"), 0))), h.now).join();
        MetaState copy = new MetaState(table -> { });
        copy.restore(h.state.snapshot());
        assertThat(copy.runningOperators()).isEqualTo(h.state.runningOperators()).hasSize(2);
        assertThat(copy.snapshot()).isEqualTo(h.state.snapshot());
        // new shard ids are not handed out twice after a restore
        Operator split = copy.runningOperators().get(1);
        assertThat(split.getSteps(0).getSplitShard().getNewShardId()).isEqualTo(7);
    }

    private static Operator transfer(long shard, long to) {
        return Operators.of(shard, OperatorKind.ADMIN_TRANSFER_LEADER, List.of(new OperatorStep.TransferLeader(to)));
    }
}
