package io.cairn.controlplane;

import io.cairn.api.meta.Operator;
import io.cairn.api.meta.OperatorKind;
import java.util.List;

/** Builds operators (id 0: the state assigns ids when it adds them). */
final class Operators {
    private Operators() {
    }

    static Operator of(long shardId, OperatorKind kind, List<OperatorStep> steps) {
        Operator.Builder operator = Operator.newBuilder().setShardId(shardId).setKind(kind);
        steps.forEach(s -> operator.addSteps(s.toProto()));
        return operator.build();
    }

    /**
     * Moves a replica from {@code from} to {@code to}: add a learner, promote it, hand
     * leadership to {@code newLeader} when {@code from} leads, remove the old peer.
     */
    static Operator move(long shardId, OperatorKind kind, long from, long to, boolean fromLeads, long newLeader) {
        List<OperatorStep> steps = fromLeads
                ? List.of(new OperatorStep.AddLearner(to), new OperatorStep.PromoteLearner(to),
                        new OperatorStep.TransferLeader(newLeader), new OperatorStep.RemovePeer(from))
                : List.of(new OperatorStep.AddLearner(to), new OperatorStep.PromoteLearner(to),
                        new OperatorStep.RemovePeer(from));
        return of(shardId, kind, steps);
    }

    static List<OperatorStep> steps(Operator operator) {
        return operator.getStepsList().stream().map(OperatorStep::from).toList();
    }
}
