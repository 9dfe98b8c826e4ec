package io.cairn.node;

import io.cairn.api.meta.Operator;
import io.cairn.api.meta.OperatorStep;
import io.cairn.api.placement.HeartbeatResponse;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executes, on the shards this node leads, the current step of each operator a heartbeat reply
 * carries (a MergeShards step on the leaders of both its shards), and records JRaft
 * configuration changes not yet recorded in a shard's log. One step at a time per
 * shard; a step still running when the operator is resent is not started again.
 */
final class OperatorExecutor {
    private static final Logger log = LoggerFactory.getLogger(OperatorExecutor.class);

    private final ShardReplicas replicas;
    private final Supplier<NodeDirectory> directory;
    private final Map<Long, CompletableFuture<Void>> running = new ConcurrentHashMap<>();

    OperatorExecutor(ShardReplicas replicas, Supplier<NodeDirectory> directory) {
        this.replicas = replicas;
        this.directory = directory;
    }

    void onReply(HeartbeatResponse reply) {
        for (Operator operator : reply.getOperatorsList()) {
            if (operator.getCurrentStep() >= operator.getStepsCount()) {
                continue;
            }
            OperatorStep step = operator.getSteps(operator.getCurrentStep());
            if (step.hasMergeShards()) {
                // both halves: the source's leader freezes it, the target's leader absorbs it
                for (long shardId : new long[] {step.getMergeShards().getSourceShardId(),
                        step.getMergeShards().getTargetShardId()}) {
                    replicas.engine(shardId).filter(ShardEngine::isLeader).ifPresent(engine -> run(engine, step));
                }
            } else {
                replicas.engine(operator.getShardId()).filter(ShardEngine::isLeader).ifPresent(engine -> run(engine, step));
            }
        }
        for (ShardEngine engine : replicas.engines()) {
            engine.store().recordedShard().ifPresent(engine::adopt);
            if (engine.isLeader()) {
                run(engine, null);
            }
        }
    }

    /** Runs {@code step} (null: only record the membership) unless a step of the shard is running. */
    private void run(ShardEngine engine, OperatorStep step) {
        long shardId = engine.shardId();
        CompletableFuture<Void> started = new CompletableFuture<>();
        if (running.putIfAbsent(shardId, started) != null) {
            return;
        }
        CompletableFuture<Void> work;
        try {
            work = step == null ? new MembershipSteps(engine, directory.get()).recordMembership() : execute(engine, step);
        } catch (RuntimeException e) {
            work = CompletableFuture.failedFuture(e);
        }
        work.whenComplete((ignored, error) -> {
            Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                    ? error.getCause() : error;
            if (cause instanceof IllegalStateException) {
                log.info("shard {}: step {} abandoned: {}", shardId,
                        step == null ? "record membership" : step.getStepCase(), cause.getMessage());
            } else if (cause != null) {
                log.warn("shard {}: step {} failed", shardId, step == null ? "record membership" : step.getStepCase(),
                        cause);
            }
            running.remove(shardId, started);
            started.complete(null);
        });
    }

    private CompletableFuture<Void> execute(ShardEngine engine, OperatorStep step) {
        MembershipSteps membership = new MembershipSteps(engine, directory.get());
        return switch (step.getStepCase()) {
            case ADD_LEARNER -> membership.addLearner(step.getAddLearner().getNodeId());
            case PROMOTE_LEARNER -> membership.promoteLearner(step.getPromoteLearner().getNodeId());
            case TRANSFER_LEADER -> membership.transferLeader(step.getTransferLeader().getToNodeId());
            case REMOVE_PEER -> membership.removePeer(step.getRemovePeer().getNodeId());
            case SPLIT_SHARD -> SplitStep.propose(engine, step.getSplitShard().getSplitKey(),
                    step.getSplitShard().getNewShardId());
            case MERGE_SHARDS -> MergeStep.run(engine, step.getMergeShards(), replicas);
            case STEP_NOT_SET -> CompletableFuture.completedFuture(null);
        };
    }
}
