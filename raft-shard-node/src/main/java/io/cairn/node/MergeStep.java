package io.cairn.node;

import io.cairn.api.meta.MergeShards;
import io.cairn.api.meta.Replica;
import io.cairn.api.meta.ShardDescriptor;
import io.cairn.api.shard.ShardCommand;
import io.cairn.api.shard.ShardCommitMergeCommand;
import io.cairn.api.shard.ShardPrepareMergeCommand;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leaders' part of a MergeShards step (docs/adr/0006-shard-merge.md). The step reaches the
 * node leading the source and the node leading the target; each does its half, and the step is
 * resent until the control plane sees the target's wider epoch on every replica:
 * <ul>
 *   <li>source leader: proposes the freeze through the source's log, once the recorded
 *       descriptors show both shards adjacent on the same voters (this node hosts both);
 *   <li>target leader: once its own replica of the source applied the freeze, proposes the
 *       commit through the target's write lane (ordered after every write that took a revision
 *       before it), with the merged descriptor and the frozen source's checksum.
 * </ul>
 */
final class MergeStep {
    private static final Logger log = LoggerFactory.getLogger(MergeStep.class);

    private MergeStep() {
    }

    static CompletableFuture<Void> run(ShardEngine engine, MergeShards step, ShardReplicas replicas) {
        Optional<ShardEngine> source = replicas.engine(step.getSourceShardId());
        Optional<ShardEngine> target = replicas.engine(step.getTargetShardId());
        if (source.isEmpty() || target.isEmpty()) {
            log.info("shard {}: merge of {} into {} needs both replicas on this node", engine.shardId(),
                    step.getSourceShardId(), step.getTargetShardId());
            return CompletableFuture.completedFuture(null);
        }
        return engine.shardId() == step.getSourceShardId() ? freeze(source.get(), target.get())
                : commit(target.get(), source.get());
    }

    private static CompletableFuture<Void> freeze(ShardEngine source, ShardEngine target) {
        if (source.isFrozen()) {
            return CompletableFuture.completedFuture(null);
        }
        ShardDescriptor s = recorded(source);
        ShardDescriptor t = recorded(target);
        if (MergeExecution.union(t, s).isEmpty() || !voters(s).equals(voters(t)) || hasLearner(s) || hasLearner(t)) {
            log.info("shard {}: not frozen for a merge into {}: not adjacent or not on the same voters ({} / {})",
                    s.getId(), t.getId(), s, t);
            return CompletableFuture.completedFuture(null);
        }
        ShardCommand command = ShardCommand.newBuilder().setPrepareMerge(ShardPrepareMergeCommand.newBuilder()
                .setSource(s).setTarget(t)).build();
        return source.proposeChange(command).thenAccept(response -> {
            if (response.hasError()) {
                log.info("shard {}: merge freeze not applied: {}", s.getId(), response.getError());
            }
        });
    }

    private static CompletableFuture<Void> commit(ShardEngine target, ShardEngine source) {
        Optional<ShardPrepareMergeCommand> freeze = source.store().mergeFreeze()
                .filter(f -> f.getTarget().getId() == target.shardId());
        if (freeze.isEmpty()) {
            return CompletableFuture.completedFuture(null); // the source's freeze has not reached this replica yet
        }
        ShardDescriptor t = recorded(target);
        Optional<ShardDescriptor> union = MergeExecution.union(t, freeze.get().getSource());
        if (union.isEmpty()) {
            return CompletableFuture.completedFuture(null); // already merged
        }
        if (!voters(t).equals(voters(freeze.get().getSource())) || hasLearner(t)) {
            // every target replica absorbs its own node's source replica: no commit without one
            log.warn("shard {}: merge commit held: voters {} differ from the frozen source's {}", t.getId(),
                    voters(t), voters(freeze.get().getSource()));
            return CompletableFuture.completedFuture(null);
        }
        ShardDescriptor merged = union.get().toBuilder().setEpoch(t.getEpoch().toBuilder().setVersion(
                Math.max(t.getEpoch().getVersion(), freeze.get().getSource().getEpoch().getVersion()) + 1)).build();
        ShardCommand command = ShardCommand.newBuilder().setCommitMerge(ShardCommitMergeCommand.newBuilder()
                .setSource(freeze.get().getSource()).setMerged(merged)
                .setSourceChecksum(source.store().mergeChecksum())).build();
        return target.proposeOrdered(command).thenAccept(response -> {
            if (response.hasError()) {
                log.info("shard {}: merge commit not applied: {}", t.getId(), response.getError());
            }
        });
    }

    private static ShardDescriptor recorded(ShardEngine engine) {
        return engine.store().recordedShard().orElse(engine.descriptor());
    }

    private static Set<Long> voters(ShardDescriptor shard) {
        return shard.getReplicasList().stream().filter(r -> !r.getLearner()).map(Replica::getNodeId)
                .collect(Collectors.toSet());
    }

    private static boolean hasLearner(ShardDescriptor shard) {
        return shard.getReplicasList().stream().anyMatch(Replica::getLearner);
    }
}
