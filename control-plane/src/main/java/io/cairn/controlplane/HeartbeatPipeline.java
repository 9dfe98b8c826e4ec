package io.cairn.controlplane;

import io.cairn.api.controlplane.ControlPlaneCommand;
import io.cairn.api.controlplane.ReportShardLeaders;
import io.cairn.api.controlplane.SetNodeState;
import io.cairn.api.controlplane.ShardLeaderReport;
import io.cairn.api.meta.NodeState;
import io.cairn.api.meta.ShardStats;
import io.cairn.api.placement.HeartbeatResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Heartbeat handling as a pipeline of small handlers: bring a down node back up, record the
 * shard leaders it reports, keep its shard stats, advance the operators of those shards, and
 * build the reply (replicas to host, nodes, operators to execute).
 */
final class HeartbeatPipeline {
    private final List<HeartbeatHandler> handlers;

    HeartbeatPipeline(List<HeartbeatHandler> handlers) {
        this.handlers = List.copyOf(handlers);
    }

    static HeartbeatPipeline standard(MetaState state, ShardReports reports, OperatorController operators,
            Function<ControlPlaneCommand, CompletableFuture<Object>> propose) {
        return new HeartbeatPipeline(List.of(
                context -> revive(context, propose),
                context -> reportLeaders(context, state, propose),
                context -> {
                    reports.record(context.heartbeat(), context.nowMs());
                    return CompletableFuture.completedFuture(null);
                },
                context -> operators.advanceShards(context.heartbeat().getShardsList().stream()
                        .map(ShardStats::getShardId).toList(), context.nowMs()),
                new HeartbeatReply(state, operators)));
    }

    CompletableFuture<HeartbeatResponse> run(HeartbeatHandler.Context context) {
        CompletableFuture<?> done = CompletableFuture.completedFuture(null);
        for (HeartbeatHandler handler : handlers) {
            done = done.thenCompose(ignored -> handler.handle(context));
        }
        return done.thenApply(ignored -> context.reply().build());
    }

    /** A node heard from while marked down is up again. */
    private static CompletableFuture<?> revive(HeartbeatHandler.Context context,
            Function<ControlPlaneCommand, CompletableFuture<Object>> propose) {
        if (context.node().getState() != NodeState.NODE_DOWN) {
            return CompletableFuture.completedFuture(null);
        }
        return propose.apply(ControlPlaneCommand.newBuilder().setSetNodeState(SetNodeState.newBuilder()
                .setNodeId(context.nodeId()).setState(NodeState.NODE_UP).setNowMs(context.nowMs())).build());
    }

    /** Reports that would change the recorded leader or term of a shard. */
    private static CompletableFuture<?> reportLeaders(HeartbeatHandler.Context context, MetaState state,
            Function<ControlPlaneCommand, CompletableFuture<Object>> propose) {
        List<ShardLeaderReport> reports = new ArrayList<>();
        for (ShardStats stats : context.heartbeat().getShardsList()) {
            long leader = stats.getLeader() ? context.nodeId() : stats.getLeaderNodeId();
            ShardLeaderReport report = ShardLeaderReport.newBuilder().setShardId(stats.getShardId())
                    .setLeaderNodeId(leader).setTerm(stats.getTerm()).build();
            if (state.shard(stats.getShardId()).filter(route -> ShardLeaders.accepts(route, report)).isPresent()) {
                reports.add(report);
            }
        }
        if (reports.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        return propose.apply(ControlPlaneCommand.newBuilder()
                .setReportShardLeaders(ReportShardLeaders.newBuilder().addAllReports(reports)).build());
    }
}
