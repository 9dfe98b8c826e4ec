package io.cairn.node;

import io.cairn.api.meta.ShardDescriptor;
import io.cairn.api.placement.HeartbeatResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Stops and deletes replicas the control plane no longer assigns to this node: after a
 * RemovePeer is done (the control plane drops the node from the shard only once the leader
 * reports it gone from the committed configuration) or an AddLearner was abandoned. A replica
 * is collected after {@value #MISSES} replies in a row leave it out, never while it leads (unless
 * it is a frozen merge source: the control plane drops it once every target replica absorbed it) and
 * never while it is a split child the control plane has not listed yet.
 */
final class ReplicaCollector {
    static final int MISSES = 3;

    private final long nodeId;
    private final ShardReplicas replicas;
    private final Map<Long, Integer> misses = new HashMap<>();

    ReplicaCollector(long nodeId, ShardReplicas replicas) {
        this.nodeId = nodeId;
        this.replicas = replicas;
    }

    synchronized void onReply(HeartbeatResponse reply) {
        if (reply.getNodesList().stream().noneMatch(n -> n.getId() == nodeId)) {
            return;
        }
        Set<Long> assigned = reply.getShardsList().stream()
                .filter(s -> s.getReplicasList().stream().anyMatch(r -> r.getNodeId() == nodeId))
                .map(ShardDescriptor::getId).collect(Collectors.toSet());
        for (ShardEngine engine : replicas.engines()) {
            long shardId = engine.shardId();
            if (assigned.contains(shardId) || engine.isLeader() && !engine.isFrozen()
                    || SplitChildMarkers.present(replicas.storeDir(shardId))) {
                misses.remove(shardId);
                continue;
            }
            int missed = misses.merge(shardId, 1, Integer::sum);
            if (missed >= MISSES) {
                misses.remove(shardId);
                replicas.remove(shardId);
            }
        }
    }
}
