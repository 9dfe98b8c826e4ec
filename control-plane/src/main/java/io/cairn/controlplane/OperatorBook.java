package io.cairn.controlplane;

import io.cairn.api.controlplane.AddOperator;
import io.cairn.api.controlplane.CompleteOperatorStep;
import io.cairn.api.controlplane.ControlPlaneSnapshot;
import io.cairn.api.controlplane.FinishOperator;
import io.cairn.api.meta.Operator;
import io.cairn.api.meta.OperatorState;
import io.cairn.api.meta.ShardRoute;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The replicated record of operators: the running ones (at most one per shard) and the most
 * recently finished. Part of {@link MetaState}; changed only on the Raft apply thread under
 * its lock.
 */
final class OperatorBook {
    static final int FINISHED_KEPT = 100;

    private final Map<Long, Operator> running = new TreeMap<>();
    private final Deque<Operator> finished = new ArrayDeque<>();
    private long nextOperatorId = 1;
    private long nextShardId = 1;

    Operator add(AddOperator command, Map<Long, ShardRoute> shards) {
        Operator operator = command.getOperator();
        if (operator.getStepsCount() == 0) {
            throw ControlPlaneException.invalidArgument("operator without steps");
        }
        Set<Long> touched = touchedShards(operator);
        for (long shardId : touched) {
            if (!shards.containsKey(shardId)) {
                throw ControlPlaneException.notFound("no shard " + shardId);
            }
        }
        for (Operator other : running.values()) {
            if (touchedShards(other).stream().anyMatch(touched::contains)) {
                throw ControlPlaneException.alreadyExists("shard " + operator.getShardId()
                        + " already has running operator " + other.getId());
            }
        }
        // ids of shards a merge removes are never handed out again
        nextShardId = Math.max(nextShardId, shards.keySet().stream().mapToLong(Long::longValue).max().orElse(0) + 1);
        Operator.Builder added = operator.toBuilder().setId(nextOperatorId++).setCurrentStep(0)
                .setCreatedAtMs(command.getNowMs()).setStepStartedAtMs(command.getNowMs())
                .setState(OperatorState.OPERATOR_RUNNING).setFinishedAtMs(0).setReason("");
        for (int i = 0; i < added.getStepsCount(); i++) {
            io.cairn.api.meta.OperatorStep step = added.getSteps(i);
            if (step.hasSplitShard() && step.getSplitShard().getNewShardId() == 0) {
                added.setSteps(i, step.toBuilder().setSplitShard(step.getSplitShard().toBuilder()
                        .setNewShardId(nextShardId++)));
            }
        }
        Operator result = added.build();
        running.put(result.getId(), result);
        return result;
    }

    /** Applies the current step's effect and moves on; false when the operator is not at that step. */
    boolean complete(CompleteOperatorStep command, Map<Long, ShardRoute> shards) {
        Operator operator = running.get(command.getOperatorId());
        if (operator == null || operator.getCurrentStep() != command.getStepIndex()) {
            return false;
        }
        OperatorStep step = OperatorStep.from(operator.getSteps(operator.getCurrentStep()));
        StepEffects.apply(shards, operator.getShardId(), step, command.getReportedEpoch(), command.getNowMs());
        int next = operator.getCurrentStep() + 1;
        Operator.Builder advanced = operator.toBuilder().setCurrentStep(next).setStepStartedAtMs(command.getNowMs());
        if (next >= operator.getStepsCount()) {
            retire(advanced.setState(OperatorState.OPERATOR_SUCCEEDED).setFinishedAtMs(command.getNowMs()).build());
        } else {
            running.put(operator.getId(), advanced.build());
        }
        return true;
    }

    boolean finish(FinishOperator command) {
        Operator operator = running.get(command.getOperatorId());
        if (operator == null) {
            return false;
        }
        OperatorState state = command.getState() == OperatorState.OPERATOR_TIMED_OUT
                ? OperatorState.OPERATOR_TIMED_OUT : OperatorState.OPERATOR_CANCELLED;
        retire(operator.toBuilder().setState(state).setReason(command.getReason())
                .setFinishedAtMs(command.getNowMs()).build());
        return true;
    }

    private void retire(Operator operator) {
        running.remove(operator.getId());
        finished.addFirst(operator);
        while (finished.size() > FINISHED_KEPT) {
            finished.removeLast();
        }
    }

    /** Ids of running operators whose remaining steps touch the node. */
    List<Long> touchingNode(long nodeId) {
        return running.values().stream().filter(o -> {
            for (int i = o.getCurrentStep(); i < o.getStepsCount(); i++) {
                if (OperatorStep.from(o.getSteps(i)).nodes().contains(nodeId)) {
                    return true;
                }
            }
            return false;
        }).map(Operator::getId).toList();
    }

    static Set<Long> touchedShards(Operator operator) {
        Set<Long> shards = new HashSet<>();
        shards.add(operator.getShardId());
        operator.getStepsList().stream().filter(io.cairn.api.meta.OperatorStep::hasMergeShards)
                .forEach(s -> shards.add(s.getMergeShards().getSourceShardId()));
        return shards;
    }

    List<Operator> running() {
        return List.copyOf(running.values());
    }

    List<Operator> finished() {
        return List.copyOf(finished);
    }

    Optional<Operator> running(long id) {
        return Optional.ofNullable(running.get(id));
    }

    void snapshotInto(ControlPlaneSnapshot.Builder snapshot) {
        snapshot.addAllRunningOperators(running.values()).addAllFinishedOperators(finished)
                .setNextOperatorId(nextOperatorId).setNextShardId(nextShardId);
    }

    void restore(ControlPlaneSnapshot snapshot) {
        running.clear();
        snapshot.getRunningOperatorsList().forEach(o -> running.put(o.getId(), o));
        finished.clear();
        finished.addAll(snapshot.getFinishedOperatorsList());
        nextOperatorId = Math.max(1, snapshot.getNextOperatorId());
        nextShardId = Math.max(1, snapshot.getNextShardId());
    }
}
