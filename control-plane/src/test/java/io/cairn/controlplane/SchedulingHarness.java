package io.cairn.controlplane;

import com.google.protobuf.ByteString;
import io.cairn.api.controlplane.ControlPlaneCommand;
import io.cairn.api.controlplane.RegisterNodeCommand;
import io.cairn.api.controlplane.SetNodeState;
import io.cairn.api.meta.NodeState;
import io.cairn.api.meta.Operator;
import io.cairn.api.meta.ShardRoute;
import io.cairn.api.placement.HeartbeatResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The control plane's scheduling parts over an in-memory {@link MetaState} (commands applied
 * at once, no Raft), a controllable clock and {@link FakeStoreNodes} heartbeating through the
 * real heartbeat pipeline.
 */
final class SchedulingHarness {
    final MetaState state = new MetaState(table -> { });
    final ShardReports reports = new ShardReports();
    final SchedulingConfig config;
    final OperatorController controller;
    final HeartbeatPipeline pipeline;
    final Scheduler scheduler;
    final FakeStoreNodes nodes;
    final List<Operator> started = new ArrayList<>();
    private final int shardReplicas;
    long now = 1_000_000;
    int maxRunning;

    SchedulingHarness(SchedulingConfig config, int shardReplicas) {
        this.config = config;
        this.shardReplicas = shardReplicas;
        this.controller = new OperatorController(config, state, reports, this::propose);
        this.pipeline = HeartbeatPipeline.standard(state, reports, controller, this::propose);
        this.scheduler = new Scheduler(state, reports, controller, Scheduler.standardCheckers(config, shardReplicas));
        this.nodes = new FakeStoreNodes(heartbeat -> pipeline.run(new HeartbeatHandler.Context(heartbeat,
                state.node(heartbeat.getNodeId()).orElseThrow(), now, HeartbeatResponse.newBuilder())).join());
    }

    CompletableFuture<Object> propose(ControlPlaneCommand command) {
        try {
            return CompletableFuture.completedFuture(state.apply(command));
        } catch (ControlPlaneException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Registers a node (bootstrapping shards at the given split keys once enough are up) and starts it. */
    long addNode(String zone, List<ByteString> splitKeys) {
        int n = state.nodes().size() + 1;
        RegisterNodeCommand.Builder register = RegisterNodeCommand.newBuilder().setRaftAddress("127.0.0.1:" + (7000 + n))
                .setRpcAddress("127.0.0.1:" + (8000 + n)).setNowMs(now).setShardReplicas(shardReplicas)
                .addAllInitialSplitKeys(splitKeys);
        if (!zone.isEmpty()) {
            register.putLabels("zone", zone);
        }
        long id = (Long) state.apply(ControlPlaneCommand.newBuilder().setRegisterNode(register).build());
        nodes.adopt(state.shards());
        nodes.start(id);
        return id;
    }

    void setState(long nodeId, NodeState nodeState) {
        state.apply(ControlPlaneCommand.newBuilder().setSetNodeState(SetNodeState.newBuilder()
                .setNodeId(nodeId).setState(nodeState).setNowMs(now)).build());
    }

    /** Every node heartbeats (executing what it is handed), then one scheduling round; the clock moves on. */
    List<Operator> round() {
        nodes.adopt(state.shards());
        nodes.heartbeatAll();
        List<Operator> submitted = scheduler.runOnce(now).join();
        started.addAll(submitted);
        maxRunning = Math.max(maxRunning, state.runningOperators().size());
        now += 1000;
        return submitted;
    }

    /** Rounds until nothing runs and nothing new starts; fails after {@code maxRounds}. */
    void runUntilQuiet(int maxRounds) {
        for (int i = 0; i < maxRounds; i++) {
            List<Operator> submitted = round();
            if (submitted.isEmpty() && state.runningOperators().isEmpty()) {
                return;
            }
        }
        throw new AssertionError("still scheduling after " + maxRounds + " rounds: " + state.runningOperators());
    }

    ShardRoute route(long shardId) {
        return state.shard(shardId).orElseThrow();
    }

    Map<Long, Long> replicaCounts() {
        Map<Long, Long> counts = new java.util.TreeMap<>();
        state.nodes().forEach(n -> counts.put(n.getId(), 0L));
        state.shards().forEach(s -> s.getShard().getReplicasList().forEach(r -> counts.merge(r.getNodeId(), 1L, Long::sum)));
        return counts;
    }

    Map<Long, Long> leaderCounts() {
        Map<Long, Long> counts = new java.util.TreeMap<>();
        state.nodes().forEach(n -> counts.put(n.getId(), 0L));
        state.shards().forEach(s -> counts.merge(s.getLeaderNodeId(), 1L, Long::sum));
        return counts;
    }

    static ByteString tenantKey(long tenant, String userKey) {
        return ByteString.copyFrom(java.nio.ByteBuffer.allocate(8).putLong(tenant).array())
                .concat(ByteString.copyFromUtf8(userKey));
    }
}
