package io.cairn.node;

import io.cairn.api.meta.NodeDescriptor;
import io.cairn.api.meta.ShardDescriptor;
import io.cairn.api.placement.AllocateRevisionsResponse;
import io.cairn.api.placement.HeartbeatResponse;
import io.cairn.api.placement.NodeHeartbeat;
import io.cairn.api.placement.RegisterNodeRequest;
import io.cairn.api.placement.RegisterNodeResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Test control plane with a fixed cluster: nodes are known by raft address, every shard's
 * replicas are fixed, revisions come from the clock. Records the last heartbeat per node.
 */
final class StaticPlacement extends UnsupportedPlacement {
    private final List<NodeDescriptor> nodes;
    private final List<ShardDescriptor> shards;
    private final ClockRevisions revisions = new ClockRevisions();
    private final Map<Long, NodeHeartbeat> heartbeats = new ConcurrentHashMap<>();
    private final AtomicLong revisionCalls = new AtomicLong();
    private volatile Duration revisionDelay = Duration.ZERO;

    StaticPlacement(List<NodeDescriptor> nodes, List<ShardDescriptor> shards) {
        this.nodes = List.copyOf(nodes);
        this.shards = List.copyOf(shards);
    }

    /** From now on, revisions are taken at once but delivered {@code delay} later. */
    void delayRevisions(Duration delay) {
        revisionDelay = delay;
    }

    long revisionCalls() {
        return revisionCalls.get();
    }

    /** A fresh revision, taken directly from the oracle as a gateway would for a cross-shard read. */
    long revisionNow() {
        return revisions.take(1);
    }

    NodeHeartbeat lastHeartbeat(long nodeId) {
        return heartbeats.get(nodeId);
    }

    @Override
    public RegisterNodeResponse registerNode(RegisterNodeRequest request) {
        NodeDescriptor node = nodes.stream().filter(n -> n.getRaftAddress().equals(request.getRaftAddress()))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown node " + request.getRaftAddress()));
        if (request.getNodeId() != 0 && request.getNodeId() != node.getId()) {
            throw new IllegalArgumentException("node " + node.getId() + " registered as " + request.getNodeId());
        }
        return RegisterNodeResponse.newBuilder().setNodeId(node.getId()).setClusterId(1)
                .addAllShards(shards).addAllNodes(nodes).build();
    }

    @Override
    public HeartbeatResponse heartbeat(NodeHeartbeat heartbeat) {
        heartbeats.put(heartbeat.getNodeId(), heartbeat);
        return HeartbeatResponse.newBuilder().addAllShards(shards).addAllNodes(nodes).build();
    }

    @Override
    public CompletableFuture<AllocateRevisionsResponse> allocateRevisions(int count) {
        AllocateRevisionsResponse response = AllocateRevisionsResponse.newBuilder()
                .setFirst(revisions.take(count)).setCount(count).build();
        revisionCalls.incrementAndGet();
        Duration delay = revisionDelay;
        return delay.isZero() ? CompletableFuture.completedFuture(response)
                : CompletableFuture.supplyAsync(() -> response,
                        CompletableFuture.delayedExecutor(delay.toMillis(), TimeUnit.MILLISECONDS));
    }
}
