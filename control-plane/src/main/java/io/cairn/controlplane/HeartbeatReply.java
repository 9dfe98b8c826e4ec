package io.cairn.controlplane;

import io.cairn.api.meta.Operator;
import io.cairn.api.meta.Replica;
import io.cairn.api.meta.ShardDescriptor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The last heartbeat handler: the replicas the node must host (those recorded, plus shards a
 * running operator is adding a learner on it for), every node, and the operators of the
 * shards it leads.
 */
final class HeartbeatReply implements HeartbeatHandler {
    private final MetaState state;
    private final OperatorController operators;

    HeartbeatReply(MetaState state, OperatorController operators) {
        this.state = state;
        this.operators = operators;
    }

    @Override
    public CompletableFuture<?> handle(Context context) {
        long nodeId = context.nodeId();
        context.reply()
                .addAllShards(hosted(nodeId))
                .addAllNodes(state.nodes())
                .addAllOperators(operators.operatorsFor(nodeId));
        return CompletableFuture.completedFuture(null);
    }

    private List<ShardDescriptor> hosted(long nodeId) {
        List<ShardDescriptor> shards = new ArrayList<>(state.shardsOf(nodeId));
        for (Operator operator : state.runningOperators()) {
            OperatorStep.current(operator).ifPresent(step -> {
                if (step instanceof OperatorStep.AddLearner add && add.nodeId() == nodeId) {
                    state.shard(operator.getShardId())
                            .filter(route -> !ClusterSnapshot.holds(route, nodeId))
                            .ifPresent(route -> shards.add(route.getShard().toBuilder()
                                    .addReplicas(Replica.newBuilder().setNodeId(nodeId).setLearner(true)).build()));
                }
            });
        }
        return shards;
    }
}
