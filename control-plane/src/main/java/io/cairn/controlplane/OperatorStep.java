package io.cairn.controlplane;

import com.google.protobuf.ByteString;
import io.cairn.api.meta.ShardDescriptor;
import java.util.Optional;
import java.util.Set;

/**
 * One step of an operator (PD's operator/step.go): what the shard's leader is asked to do, the
 * test that says it is done (on what the leader reports), and how long it may take.
 */
sealed interface OperatorStep {

    /** Whether the shard's leader reports this step as done; {@code shard} is the recorded descriptor. */
    boolean isDone(ShardDescriptor shard, ShardReports reports);

    /** Nodes this step adds load to or takes load from (for the per-node operator limit). */
    Set<Long> nodes();

    default long timeoutMs(SchedulingConfig config) {
        return config.stepTimeoutMs();
    }

    io.cairn.api.meta.OperatorStep toProto();

    record AddLearner(long nodeId) implements OperatorStep {
        @Override
        public boolean isDone(ShardDescriptor shard, ShardReports reports) {
            return reports.view(shard.getId()).flatMap(v -> v.replica(nodeId)).isPresent();
        }

        @Override
        public Set<Long> nodes() {
            return Set.of(nodeId);
        }

        @Override
        public long timeoutMs(SchedulingConfig config) {
            return config.learnerTimeoutMs();
        }

        @Override
        public io.cairn.api.meta.OperatorStep toProto() {
            return io.cairn.api.meta.OperatorStep.newBuilder()
                    .setAddLearner(io.cairn.api.meta.AddLearner.newBuilder().setNodeId(nodeId)).build();
        }
    }

    record PromoteLearner(long nodeId) implements OperatorStep {
        @Override
        public boolean isDone(ShardDescriptor shard, ShardReports reports) {
            return reports.view(shard.getId()).filter(v -> v.hasVoter(nodeId)).isPresent();
        }

        @Override
        public Set<Long> nodes() {
            return Set.of(nodeId);
        }

        @Override
        public io.cairn.api.meta.OperatorStep toProto() {
            return io.cairn.api.meta.OperatorStep.newBuilder()
                    .setPromoteLearner(io.cairn.api.meta.PromoteLearner.newBuilder().setNodeId(nodeId)).build();
        }
    }

    record TransferLeader(long toNodeId) implements OperatorStep {
        @Override
        public boolean isDone(ShardDescriptor shard, ShardReports reports) {
            return reports.view(shard.getId()).filter(v -> v.leaderNodeId() == toNodeId).isPresent();
        }

        @Override
        public Set<Long> nodes() {
            return Set.of(toNodeId);
        }

        @Override
        public io.cairn.api.meta.OperatorStep toProto() {
            return io.cairn.api.meta.OperatorStep.newBuilder()
                    .setTransferLeader(io.cairn.api.meta.TransferLeader.newBuilder().setToNodeId(toNodeId)).build();
        }
    }

    /** Done when the leader reports its peers and the node is not among them. */
    record RemovePeer(long nodeId) implements OperatorStep {
        @Override
        public boolean isDone(ShardDescriptor shard, ShardReports reports) {
            return reports.view(shard.getId())
                    .filter(v -> !v.replicas().isEmpty() && v.leaderNodeId() != nodeId && v.replica(nodeId).isEmpty())
                    .isPresent();
        }

        @Override
        public Set<Long> nodes() {
            return Set.of(nodeId);
        }

        @Override
        public io.cairn.api.meta.OperatorStep toProto() {
            return io.cairn.api.meta.OperatorStep.newBuilder()
                    .setRemovePeer(io.cairn.api.meta.RemovePeer.newBuilder().setNodeId(nodeId)).build();
        }
    }

    /** {@code newShardId} is 0 until the operator is added (the state assigns it). */
    record SplitShard(ByteString splitKey, long newShardId) implements OperatorStep {
        @Override
        public boolean isDone(ShardDescriptor shard, ShardReports reports) {
            return reports.view(shard.getId())
                    .filter(v -> v.epoch().getVersion() > shard.getEpoch().getVersion()).isPresent()
                    && reports.view(newShardId).isPresent();
        }

        @Override
        public Set<Long> nodes() {
            return Set.of();
        }

        @Override
        public io.cairn.api.meta.OperatorStep toProto() {
            return io.cairn.api.meta.OperatorStep.newBuilder().setSplitShard(io.cairn.api.meta.SplitShard.newBuilder()
                    .setSplitKey(splitKey).setNewShardId(newShardId)).build();
        }
    }

    /**
     * Done when the target's leader reports a higher version than recorded and every voter of the
     * target reports it too: only then may the source's replicas be retired, since a target
     * replica absorbs the source from its own (co-located) source replica.
     */
    record MergeShards(long sourceShardId, long targetShardId) implements OperatorStep {
        @Override
        public boolean isDone(ShardDescriptor shard, ShardReports reports) {
            Optional<Long> merged = reports.view(targetShardId).map(v -> v.epoch().getVersion())
                    .filter(version -> version > shard.getEpoch().getVersion());
            return merged.isPresent() && shard.getReplicasList().stream().filter(r -> !r.getLearner())
                    .allMatch(r -> reports.replicaVersion(targetShardId, r.getNodeId())
                            .filter(v -> v >= merged.get()).isPresent());
        }

        @Override
        public Set<Long> nodes() {
            return Set.of();
        }

        @Override
        public io.cairn.api.meta.OperatorStep toProto() {
            return io.cairn.api.meta.OperatorStep.newBuilder().setMergeShards(io.cairn.api.meta.MergeShards.newBuilder()
                    .setSourceShardId(sourceShardId).setTargetShardId(targetShardId)).build();
        }
    }

    static OperatorStep from(io.cairn.api.meta.OperatorStep step) {
        return switch (step.getStepCase()) {
            case ADD_LEARNER -> new AddLearner(step.getAddLearner().getNodeId());
            case PROMOTE_LEARNER -> new PromoteLearner(step.getPromoteLearner().getNodeId());
            case TRANSFER_LEADER -> new TransferLeader(step.getTransferLeader().getToNodeId());
            case REMOVE_PEER -> new RemovePeer(step.getRemovePeer().getNodeId());
            case SPLIT_SHARD -> new SplitShard(step.getSplitShard().getSplitKey(), step.getSplitShard().getNewShardId());
            case MERGE_SHARDS -> new MergeShards(step.getMergeShards().getSourceShardId(),
                    step.getMergeShards().getTargetShardId());
            case STEP_NOT_SET -> throw ControlPlaneException.invalidArgument("operator step without a kind");
        };
    }

    /** The current step of a running operator, if any is left. */
    static Optional<OperatorStep> current(io.cairn.api.meta.Operator operator) {
        return operator.getCurrentStep() < operator.getStepsCount()
                ? Optional.of(from(operator.getSteps(operator.getCurrentStep())))
                : Optional.empty();
    }
}
