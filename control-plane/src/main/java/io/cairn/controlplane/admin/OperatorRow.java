package io.cairn.controlplane.admin;

import io.cairn.api.meta.Operator;
import io.cairn.api.meta.OperatorStep;
import java.util.List;

/**
 * One scheduling operator as {@code cairn ctl operators} and {@code GET /admin/v1/operators} show it.
 *
 * @param id operator id
 * @param shard the shard it works on
 * @param kind why it exists (BALANCE_REPLICA, DRAIN_REPLICA, SPLIT, ADMIN_TRANSFER_LEADER, ...)
 * @param state RUNNING, SUCCEEDED, CANCELLED or TIMED_OUT
 * @param steps its steps in order, e.g. {@code add-learner 4}, {@code remove-peer 1}
 * @param currentStep index of the step being executed (= number of steps when succeeded)
 * @param createdAtMs when it started (control-plane clock, ms since the epoch)
 * @param deadlineMs when it times out if not finished
 * @param finishedAtMs when it finished (0 while running)
 * @param reason why it was cancelled or timed out
 */
public record OperatorRow(long id, long shard, String kind, String state, List<String> steps, int currentStep,
                          long createdAtMs, long deadlineMs, long finishedAtMs, String reason) {

    public OperatorRow {
        steps = List.copyOf(steps);
    }

    public static OperatorRow from(Operator operator) {
        return new OperatorRow(operator.getId(), operator.getShardId(), States.kind(operator.getKind()),
                States.operator(operator.getState()), operator.getStepsList().stream().map(OperatorRow::step).toList(),
                operator.getCurrentStep(), operator.getCreatedAtMs(), operator.getDeadlineMs(),
                operator.getFinishedAtMs(), operator.getReason());
    }

    private static String step(OperatorStep step) {
        return switch (step.getStepCase()) {
            case ADD_LEARNER -> "add-learner " + step.getAddLearner().getNodeId();
            case PROMOTE_LEARNER -> "promote-learner " + step.getPromoteLearner().getNodeId();
            case TRANSFER_LEADER -> "transfer-leader " + step.getTransferLeader().getToNodeId();
            case REMOVE_PEER -> "remove-peer " + step.getRemovePeer().getNodeId();
            case SPLIT_SHARD -> "split at " + KeyText.of(step.getSplitShard().getSplitKey())
                    + " into " + step.getSplitShard().getNewShardId();
            case MERGE_SHARDS -> "merge " + step.getMergeShards().getSourceShardId()
                    + " into " + step.getMergeShards().getTargetShardId();
            case STEP_NOT_SET -> "?";
        };
    }
}
