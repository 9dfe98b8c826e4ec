package io.cairn.node;

import io.cairn.api.meta.NodeDescriptor;
import io.cairn.api.meta.ShardDescriptor;
import io.cairn.api.placement.AllocateRevisionsResponse;
import io.cairn.api.placement.HeartbeatResponse;
import io.cairn.api.placement.NodeHeartbeat;
import io.cairn.api.placement.RegisterNodeRequest;
import io.cairn.api.placement.RegisterNodeResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Test control plane with a fixed cluster: nodes are known by raft address, every shard's
 * replicas are fixed, revisions come from the clock. Records the last heartbeat per node.
 */
final class StaticPlacement extends UnsupportedPlacement {
    private final List<NodeDescriptor> nodes;
    private final List<ShardDescriptor> shards;
    private final ClockRevisions revisions = new ClockRevisions();
    private final Map<Long, NodeHeartbeat> heartbeats = new ConcurrentHashMap<>();

    StaticPlacement(List<NodeDescriptor> nodes, List<ShardDescriptor> shards) {
        this.nodes = List.copyOf(nodes);
        this.shards = List.copyOf(shards);
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
        return CompletableFuture.completedFuture(AllocateRevisionsResponse.newBuilder()
                .setFirst(revisions.take(count)).setCount(count).build());
    }
}
