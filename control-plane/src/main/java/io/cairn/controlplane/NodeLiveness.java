package io.cairn.controlplane;

import io.cairn.api.meta.NodeDescriptor;
import io.cairn.api.meta.NodeState;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Leader-local record of when each node was last heard from. Not replicated: a new leader
 * gives every node a full timeout from the moment it took over.
 */
final class NodeLiveness {
    private final long timeoutMs;
    private final Map<Long, Long> lastSeenMs = new ConcurrentHashMap<>();
    private volatile long leaderSinceMs;

    NodeLiveness(long timeoutMs) {
        this.timeoutMs = timeoutMs;
    }

    void onLeaderStart(long nowMs) {
        lastSeenMs.clear();
        leaderSinceMs = nowMs;
    }

    void heard(long nodeId, long nowMs) {
        lastSeenMs.put(nodeId, nowMs);
    }

    /** Up nodes that have not been heard from within the timeout. */
    List<Long> expired(List<NodeDescriptor> nodes, long nowMs) {
        return nodes.stream()
                .filter(n -> n.getState() == NodeState.NODE_UP)
                .filter(n -> nowMs - lastSeenMs.getOrDefault(n.getId(), leaderSinceMs) > timeoutMs)
                .map(NodeDescriptor::getId)
                .toList();
    }
}
