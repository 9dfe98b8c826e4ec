package io.cairn.controlplane;

import com.google.protobuf.ByteString;
import io.cairn.api.controlplane.ControlPlaneCommand;
import io.cairn.api.controlplane.RemoveNodeCommand;
import io.cairn.api.controlplane.SetNodeState;
import io.cairn.api.meta.NodeDescriptor;
import io.cairn.api.meta.NodeState;
import io.cairn.api.meta.Operator;
import io.cairn.api.meta.OperatorKind;
import io.cairn.api.meta.ShardRoute;
import io.cairn.api.placement.ListNodesResponse;
import io.cairn.api.placement.ListOperatorsResponse;
import io.cairn.api.placement.ListShardsResponse;
import io.cairn.api.placement.NodeInfo;
import io.cairn.api.placement.ShardInfo;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Cluster operation: list nodes, shards and operators; drain and remove a node; transfer a leader; split a shard. */
final class ClusterAdminService {
    private final MetaRaft raft;
    private final MetaState state;
    private final ShardReports reports;
    private final OperatorController operators;

    ClusterAdminService(MetaRaft raft, MetaState state, ShardReports reports, OperatorController operators) {
        this.raft = raft;
        this.state = state;
        this.reports = reports;
        this.operators = operators;
    }

    CompletableFuture<ListNodesResponse> listNodes() {
        raft.requireLeader();
        return raft.readBarrier().thenApply(ignored -> {
            List<ShardRoute> shards = state.shards();
            ListNodesResponse.Builder response = ListNodesResponse.newBuilder();
            for (NodeDescriptor node : state.nodes()) {
                NodeInfo.Builder info = NodeInfo.newBuilder().setNode(node)
                        .setReplicas((int) shards.stream().filter(s -> ClusterSnapshot.holds(s, node.getId())).count())
                        .setLeaders((int) shards.stream().filter(s -> s.getLeaderNodeId() == node.getId()).count());
                reports.capacity(node.getId()).ifPresent(c -> info.setCapacityBytes(c.capacityBytes())
                        .setAvailableBytes(c.availableBytes()));
                response.addNodes(info);
            }
            return response.build();
        });
    }

    CompletableFuture<ListShardsResponse> listShards() {
        raft.requireLeader();
        return raft.readBarrier().thenApply(ignored -> {
            ListShardsResponse.Builder response = ListShardsResponse.newBuilder()
                    .setRouteVersion(state.routeTable().getVersion());
            for (ShardRoute route : state.shards()) {
                ShardInfo.Builder info = ShardInfo.newBuilder().setRoute(route);
                reports.view(route.getShard().getId()).ifPresent(v -> info.setStats(v.stats()));
                response.addShards(info);
            }
            return response.build();
        });
    }

    CompletableFuture<ListOperatorsResponse> listOperators() {
        raft.requireLeader();
        return raft.readBarrier().thenApply(ignored -> ListOperatorsResponse.newBuilder()
                .addAllRunning(state.runningOperators()).addAllFinished(state.finishedOperators()).build());
    }

    CompletableFuture<NodeDescriptor> drainNode(long nodeId) {
        raft.requireLeader();
        return raft.readBarrier().thenCompose(ignored -> {
            NodeDescriptor node = state.node(nodeId).orElseThrow(() -> ControlPlaneException.notFound("no node " + nodeId));
            if (node.getState() == NodeState.NODE_REMOVED) {
                throw ControlPlaneException.invalidArgument("node " + nodeId + " is removed");
            }
            return raft.proposeWhenReady(ControlPlaneCommand.newBuilder().setSetNodeState(SetNodeState.newBuilder()
                    .setNodeId(nodeId).setState(NodeState.NODE_DRAINING).setNowMs(System.currentTimeMillis())).build());
        }).thenApply(ignored -> state.node(nodeId).orElseThrow());
    }

    /** Removes a node that holds nothing (checked again, deterministically, when the command applies). */
    CompletableFuture<NodeDescriptor> removeNode(long nodeId) {
        raft.requireLeader();
        return raft.readBarrier().thenCompose(ignored -> {
            state.node(nodeId).orElseThrow(() -> ControlPlaneException.notFound("no node " + nodeId));
            return raft.proposeWhenReady(ControlPlaneCommand.newBuilder().setRemoveNode(RemoveNodeCommand.newBuilder()
                    .setNodeId(nodeId).setNowMs(System.currentTimeMillis())).build());
        }).thenApply(removed -> (NodeDescriptor) removed);
    }

    CompletableFuture<Operator> transferLeader(long shardId, long toNodeId) {
        raft.requireLeader();
        return raft.readBarrier().thenCompose(ignored -> {
            ShardRoute route = shard(shardId);
            if (!ClusterSnapshot.voters(route).contains(toNodeId)) {
                throw ControlPlaneException.invalidArgument("node " + toNodeId + " is not a voter of shard " + shardId);
            }
            return operators.submit(Operators.of(shardId, OperatorKind.ADMIN_TRANSFER_LEADER,
                    List.of(new OperatorStep.TransferLeader(toNodeId))), System.currentTimeMillis());
        });
    }

    /** Splits at {@code splitKey}, or (when empty) where the leader's last reported hint says. */
    CompletableFuture<Operator> splitShard(long shardId, ByteString splitKey) {
        raft.requireLeader();
        return raft.readBarrier().thenCompose(ignored -> {
            ShardRoute route = shard(shardId);
            ByteString key = splitKey;
            if (key.isEmpty()) {
                key = reports.view(shardId).flatMap(v -> SplitKeys.choose(route.getShard(), v.splitKeyHint()))
                        .orElseThrow(() -> ControlPlaneException.invalidArgument(
                                "no split key given and shard " + shardId + " reported none"));
            } else if (!SplitKeys.inside(route.getShard(), key)) {
                throw ControlPlaneException.invalidArgument("split key is not inside shard " + shardId);
            }
            return operators.submit(Operators.of(shardId, OperatorKind.ADMIN_SPLIT,
                    List.of(new OperatorStep.SplitShard(key, 0))), System.currentTimeMillis());
        });
    }

    private ShardRoute shard(long shardId) {
        return state.shard(shardId).orElseThrow(() -> ControlPlaneException.notFound("no shard " + shardId));
    }
}
