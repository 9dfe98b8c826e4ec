package io.cairn.controlplane;

import io.cairn.api.controlplane.AddOperator;
import io.cairn.api.controlplane.CompleteOperatorStep;
import io.cairn.api.controlplane.ControlPlaneCommand;
import io.cairn.api.controlplane.FinishOperator;
import io.cairn.api.meta.Operator;
import io.cairn.api.meta.OperatorState;
import io.cairn.api.meta.ShardEpoch;
import io.cairn.api.meta.ShardRoute;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs operators: admits new ones within the concurrency limits (one per shard, at most
 * {@code maxOperators} in all and {@code maxOperatorsPerNode} touching one node), advances a
 * running one when its current step passes its completion test on the leader's reports,
 * cancels it when a step or the whole operator times out or its shard is gone. Every change
 * is a Raft command, so operators survive a control-plane leader change.
 */
final class OperatorController {
    private static final Logger LOG = LoggerFactory.getLogger(OperatorController.class);

    /** Proposes a command through the control plane's Raft group. */
    interface Proposer {
        CompletableFuture<Object> propose(ControlPlaneCommand command);
    }

    private final SchedulingConfig config;
    private final MetaState state;
    private final ShardReports reports;
    private final Proposer proposer;
    private final Set<Long> proposing = ConcurrentHashMap.newKeySet();

    OperatorController(SchedulingConfig config, MetaState state, ShardReports reports, Proposer proposer) {
        this.config = config;
        this.state = state;
        this.reports = reports;
        this.proposer = proposer;
    }

    /** Whether the operator fits the limits next to the running ones. */
    boolean admits(Operator operator, Collection<Operator> running) {
        if (running.size() >= config.maxOperators()) {
            return false;
        }
        Map<Long, Integer> perNode = new HashMap<>();
        running.forEach(o -> nodesOf(o).forEach(n -> perNode.merge(n, 1, Integer::sum)));
        return nodesOf(operator).stream().allMatch(n -> perNode.getOrDefault(n, 0) < config.maxOperatorsPerNode());
    }

    /**
     * Submits the candidates in order, each one only if it fits the limits (with those
     * admitted before it); returns the futures of the admitted ones.
     */
    List<CompletableFuture<Operator>> submitAll(List<Operator> candidates, long nowMs) {
        List<Operator> running = new ArrayList<>(state.runningOperators());
        List<CompletableFuture<Operator>> submitted = new ArrayList<>();
        for (Operator candidate : candidates) {
            if (admits(candidate, running)) {
                running.add(candidate);
                submitted.add(submit(candidate, nowMs));
            }
        }
        return submitted;
    }

    /** Proposes an operator without the concurrency limits (admin requests). */
    CompletableFuture<Operator> submit(Operator operator, long nowMs) {
        long deadline = nowMs + Operators.steps(operator).stream().mapToLong(s -> s.timeoutMs(config)).sum();
        Operator withDeadline = operator.toBuilder().setDeadlineMs(deadline).build();
        return proposer.propose(ControlPlaneCommand.newBuilder().setAddOperator(
                        AddOperator.newBuilder().setOperator(withDeadline).setNowMs(nowMs)).build())
                .thenApply(Operator.class::cast)
                .whenComplete((added, error) -> {
                    if (error == null) {
                        LOG.info("operator {} started: {} on shard {}, {}", added.getId(), added.getKind(),
                                added.getShardId(), Operators.steps(added));
                    }
                });
    }

    /** Advances or cancels every running operator; the future completes when the proposals have. */
    CompletableFuture<Void> advanceAll(long nowMs) {
        return CompletableFuture.allOf(state.runningOperators().stream()
                .map(o -> advance(o.getId(), nowMs)).toArray(CompletableFuture[]::new));
    }

    /** Advances or cancels the running operators of the given shards. */
    CompletableFuture<Void> advanceShards(Collection<Long> shardIds, long nowMs) {
        return CompletableFuture.allOf(state.runningOperators().stream()
                .filter(o -> OperatorBook.touchedShards(o).stream().anyMatch(shardIds::contains))
                .map(o -> advance(o.getId(), nowMs)).toArray(CompletableFuture[]::new));
    }

    private CompletableFuture<Void> advance(long operatorId, long nowMs) {
        Optional<Operator> found = state.runningOperator(operatorId);
        if (found.isEmpty() || !proposing.add(operatorId)) {
            return CompletableFuture.completedFuture(null);
        }
        Operator operator = found.get();
        Optional<ControlPlaneCommand> command = nextCommand(operator, nowMs);
        if (command.isEmpty()) {
            proposing.remove(operatorId);
            return CompletableFuture.completedFuture(null);
        }
        return proposer.propose(command.get()).handle((result, error) -> {
            proposing.remove(operatorId);
            if (error != null) {
                LOG.info("operator {} not advanced: {}", operatorId, error.getMessage());
                return CompletableFuture.<Void>completedFuture(null);
            }
            // the next step may already be done (reports run ahead): check again at once
            return command.get().hasCompleteOperatorStep() ? advance(operatorId, nowMs)
                    : CompletableFuture.<Void>completedFuture(null);
        }).thenCompose(next -> next);
    }

    private Optional<ControlPlaneCommand> nextCommand(Operator operator, long nowMs) {
        Optional<ShardRoute> route = state.shard(operator.getShardId());
        Optional<OperatorStep> step = OperatorStep.current(operator);
        if (route.isEmpty() || step.isEmpty()) {
            return Optional.of(finish(operator, OperatorState.OPERATOR_CANCELLED, "shard is gone", nowMs));
        }
        if (step.get().isDone(route.get().getShard(), reports)) {
            ShardEpoch reported = reports.view(operator.getShardId()).map(ShardView::epoch)
                    .orElse(ShardEpoch.getDefaultInstance());
            return Optional.of(ControlPlaneCommand.newBuilder().setCompleteOperatorStep(CompleteOperatorStep.newBuilder()
                    .setOperatorId(operator.getId()).setStepIndex(operator.getCurrentStep())
                    .setReportedEpoch(reported).setNowMs(nowMs)).build());
        }
        if (nowMs > operator.getDeadlineMs()) {
            return Optional.of(finish(operator, OperatorState.OPERATOR_TIMED_OUT, "operator deadline passed", nowMs));
        }
        if (nowMs - operator.getStepStartedAtMs() > step.get().timeoutMs(config)) {
            return Optional.of(finish(operator, OperatorState.OPERATOR_TIMED_OUT, "step " + operator.getCurrentStep()
                    + " " + step.get() + " not done within " + step.get().timeoutMs(config) + " ms", nowMs));
        }
        return Optional.empty();
    }

    private static ControlPlaneCommand finish(Operator operator, OperatorState outcome, String reason, long nowMs) {
        LOG.warn("operator {} ({} on shard {}) {}: {}", operator.getId(), operator.getKind(), operator.getShardId(),
                outcome, reason);
        return ControlPlaneCommand.newBuilder().setFinishOperator(FinishOperator.newBuilder()
                .setOperatorId(operator.getId()).setState(outcome).setReason(reason).setNowMs(nowMs)).build();
    }

    /**
     * Running operators of shards the node leads (as recorded), for its heartbeat reply; a merge
     * goes to the leaders of both its shards (the source's freezes it, the target's absorbs it).
     */
    List<Operator> operatorsFor(long nodeId) {
        return state.runningOperators().stream()
                .filter(o -> OperatorBook.touchedShards(o).stream().anyMatch(id ->
                        state.shard(id).filter(r -> r.getLeaderNodeId() == nodeId).isPresent()))
                .toList();
    }

    private static Set<Long> nodesOf(Operator operator) {
        Set<Long> nodes = new HashSet<>();
        for (int i = operator.getCurrentStep(); i < operator.getStepsCount(); i++) {
            nodes.addAll(OperatorStep.from(operator.getSteps(i)).nodes());
        }
        return nodes;
    }
}
