package io.cairn.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.cairn.api.meta.NodeState;
import io.cairn.api.meta.OperatorKind;
import io.cairn.api.meta.Replica;
import io.cairn.api.meta.ShardRoute;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BalanceTest {
    private static final List<ByteString> SPLITS = List.of("b", "d", "f", "h", "k", "p", "s").stream()
            .map(ByteString::copyFromUtf8).toList();

    @Test
    void aFourthNodeReceivesReplicasAndLeadersUntilCountsAreWithinTolerance() {
        SchedulingConfig config = SchedulingConfig.defaults().withLimits(4, 2);
        SchedulingHarness h = new SchedulingHarness(config, 3);
        for (int i = 0; i < 3; i++) {
            h.addNode("", SPLITS);
        }
        h.runUntilQuiet(20);
        assertThat(h.replicaCounts()).containsExactlyInAnyOrderEntriesOf(Map.of(1L, 8L, 2L, 8L, 3L, 8L));
        long fourth = h.addNode("", SPLITS);

        h.maxRunning = 0;
        h.runUntilQuiet(300);
        assertThat(h.maxRunning).isBetween(1, 4);
        Map<Long, Long> replicas = h.replicaCounts();
        assertThat(replicas.get(fourth)).isGreaterThanOrEqualTo(5);
        assertThat(spread(replicas)).isLessThanOrEqualTo(1);
        Map<Long, Long> leaders = h.leaderCounts();
        leaders.remove(0L);
        assertThat(spread(leaders)).isLessThanOrEqualTo(1);
        assertWellFormed(h);
        assertThat(h.started).anyMatch(o -> o.getKind() == OperatorKind.BALANCE_REPLICA);
    }

    @Test
    void aDrainingNodeLosesEveryReplicaAndLeader() {
        SchedulingHarness h = new SchedulingHarness(SchedulingConfig.defaults(), 3);
        for (int i = 0; i < 4; i++) {
            h.addNode("", SPLITS);
        }
        h.runUntilQuiet(300);
        assertThat(h.replicaCounts().get(1L)).isPositive();

        h.setState(1, NodeState.NODE_DRAINING);
        h.runUntilQuiet(300);
        assertThat(h.replicaCounts().get(1L)).isZero();
        assertThat(h.leaderCounts().getOrDefault(1L, 0L)).isZero();
        assertThat(h.started).anyMatch(o -> o.getKind() == OperatorKind.DRAIN_REPLICA);
        assertWellFormed(h);
    }

    @Test
    void noReplicaMovesBeforeTheShardsLeadersAreKnown() {
        SchedulingHarness h = new SchedulingHarness(SchedulingConfig.defaults().withLimits(4, 2), 3);
        for (int i = 0; i < 4; i++) {
            h.addNode("", SPLITS); // registered, never heartbeated: no shard has a known leader
        }
        assertThat(h.state.shards()).allMatch(r -> r.getLeaderNodeId() == 0);
        List<io.cairn.api.meta.Operator> submitted = h.scheduler.runOnce(h.now).join();
        assertThat(submitted).noneMatch(o -> o.getKind() == OperatorKind.BALANCE_REPLICA);

        h.runUntilQuiet(300); // once leaders report, the fourth node is filled
        assertThat(h.replicaCounts().get(4L)).isGreaterThanOrEqualTo(5);
        assertWellFormed(h);
    }

    private static long spread(Map<Long, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).max().orElse(0)
                - counts.values().stream().mapToLong(Long::longValue).min().orElse(0);
    }

    private static void assertWellFormed(SchedulingHarness h) {
        for (ShardRoute route : h.state.shards()) {
            assertThat(ClusterSnapshot.voters(route)).hasSize(3).doesNotHaveDuplicates();
            assertThat(route.getShard().getReplicasList()).noneMatch(Replica::getLearner);
            assertThat(ClusterSnapshot.voters(route)).contains(route.getLeaderNodeId());
            // the fake groups agree with the recorded descriptors
            assertThat(h.nodes.group(route.getShard().getId()).replicas)
                    .containsExactlyInAnyOrderElementsOf(route.getShard().getReplicasList());
        }
    }
}
