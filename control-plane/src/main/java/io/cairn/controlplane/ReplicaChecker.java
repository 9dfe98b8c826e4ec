package io.cairn.controlplane;

import io.cairn.api.meta.NodeDescriptor;
import io.cairn.api.meta.NodeState;
import io.cairn.api.meta.Operator;
import io.cairn.api.meta.OperatorKind;
import io.cairn.api.meta.Replica;
import io.cairn.api.meta.ShardRoute;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Keeps every shard at {@code shardReplicas} voters on live nodes: a replica on a node down
 * for longer than the repair delay (or removed) is rebuilt on another node (add learner,
 * promote, remove the dead peer); under-replicated shards get a replica, stray learners and
 * extra voters are removed. Shards without a live quorum are left alone: no step could commit.
 */
final class ReplicaChecker implements Checker {
    private final SchedulingConfig config;
    private final int shardReplicas;

    ReplicaChecker(SchedulingConfig config, int shardReplicas) {
        this.config = config;
        this.shardReplicas = shardReplicas;
    }

    @Override
    public List<Operator> check(ClusterSnapshot snapshot) {
        List<Operator> operators = new ArrayList<>();
        for (ShardRoute route : snapshot.shards()) {
            if (snapshot.busy(route.getShard().getId())) {
                continue;
            }
            check(snapshot, route).ifPresent(operator -> {
                snapshot.plan(operator);
                operators.add(operator);
            });
        }
        return operators;
    }

    private Optional<Operator> check(ClusterSnapshot snapshot, ShardRoute route) {
        long shardId = route.getShard().getId();
        List<Long> voters = ClusterSnapshot.voters(route);
        long liveVoters = voters.stream().filter(id -> !isDownOrGone(snapshot, id)).count();
        if (liveVoters * 2 <= voters.size()) {
            return Optional.empty();
        }
        Optional<Replica> dead = route.getShard().getReplicasList().stream()
                .filter(r -> isDead(snapshot, r.getNodeId())).findFirst();
        if (dead.isPresent()) {
            long deadNode = dead.get().getNodeId();
            if (dead.get().getLearner() || voters.size() > shardReplicas) {
                return Optional.of(Operators.of(shardId, OperatorKind.REPAIR_REPLICA,
                        List.of(new OperatorStep.RemovePeer(deadNode))));
            }
            return TargetPicker.pick(snapshot, route, deadNode).map(target -> Operators.move(shardId,
                    OperatorKind.REPAIR_REPLICA, deadNode, target, false, 0));
        }
        if (voters.stream().anyMatch(id -> isDownOrGone(snapshot, id))) {
            return Optional.empty(); // a node is down but within its repair delay: wait for it
        }
        Optional<Replica> learner = route.getShard().getReplicasList().stream().filter(Replica::getLearner).findFirst();
        if (learner.isPresent()) {
            return Optional.of(Operators.of(shardId, OperatorKind.REMOVE_EXTRA_REPLICA,
                    List.of(new OperatorStep.RemovePeer(learner.get().getNodeId()))));
        }
        if (voters.size() < shardReplicas) {
            return TargetPicker.pick(snapshot, route, 0).map(target -> Operators.of(shardId, OperatorKind.ADD_REPLICA,
                    List.of(new OperatorStep.AddLearner(target), new OperatorStep.PromoteLearner(target))));
        }
        if (voters.size() > shardReplicas) {
            long leader = snapshot.leaderOf(route);
            return voters.stream().filter(id -> id != leader)
                    .max(Comparator.<Long>comparingInt(id -> snapshot.isUp(id) ? 0 : 1)
                            .thenComparingInt(snapshot::replicaCount).thenComparingLong(id -> id))
                    .map(extra -> Operators.of(shardId, OperatorKind.REMOVE_EXTRA_REPLICA,
                            List.of(new OperatorStep.RemovePeer(extra))));
        }
        return Optional.empty();
    }

    private static boolean isDownOrGone(ClusterSnapshot snapshot, long nodeId) {
        return snapshot.node(nodeId).map(n -> n.getState() == NodeState.NODE_DOWN
                || n.getState() == NodeState.NODE_REMOVED).orElse(true);
    }

    /** Removed or unknown, or down for longer than the repair delay. */
    private boolean isDead(ClusterSnapshot snapshot, long nodeId) {
        Optional<NodeDescriptor> node = snapshot.node(nodeId);
        if (node.isEmpty() || node.get().getState() == NodeState.NODE_REMOVED) {
            return true;
        }
        return node.get().getState() == NodeState.NODE_DOWN
                && snapshot.nowMs() - node.get().getLastHeartbeatMs() > config.replicaRepairDelayMs();
    }
}
