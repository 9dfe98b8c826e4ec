package io.cairn.controlplane;

import io.cairn.api.meta.ShardStats;
import io.cairn.api.placement.NodeHeartbeat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Leader-local record of what shard leaders and nodes last reported on their heartbeats.
 * Not replicated: a new control-plane leader starts empty and fills it from the next
 * heartbeats (operators then resume where the reports say they are).
 */
final class ShardReports {
    /** A node's capacity as it reported it. */
    record NodeCapacity(long capacityBytes, long availableBytes) {
    }

    private final Map<Long, ShardView> views = new ConcurrentHashMap<>();
    private final Map<Long, NodeCapacity> capacities = new ConcurrentHashMap<>();
    private final Map<Long, Map<Long, Long>> replicaVersions = new ConcurrentHashMap<>();

    void clear() {
        views.clear();
        capacities.clear();
        replicaVersions.clear();
    }

    /** Takes the stats of shards the heartbeating node says it leads, if not older than what is known. */
    void record(NodeHeartbeat heartbeat, long nowMs) {
        capacities.put(heartbeat.getNodeId(),
                new NodeCapacity(heartbeat.getCapacityBytes(), heartbeat.getAvailableBytes()));
        for (ShardStats stats : heartbeat.getShardsList()) {
            replicaVersions.computeIfAbsent(stats.getShardId(), id -> new ConcurrentHashMap<>())
                    .put(heartbeat.getNodeId(), stats.getEpoch().getVersion());
            if (stats.getLeader()) {
                ShardView view = ShardView.of(heartbeat.getNodeId(), stats, nowMs);
                views.merge(stats.getShardId(), view, (old, fresh) -> fresh.term() >= old.term() ? fresh : old);
            }
        }
    }

    /** Records one view directly (tests, and shards removed by a merge). */
    void put(ShardView view) {
        views.put(view.shardId(), view);
    }

    void forget(long shardId) {
        views.remove(shardId);
        replicaVersions.remove(shardId);
    }

    /** The epoch version the replica of the shard on the node last reported (any replica, not only leaders). */
    Optional<Long> replicaVersion(long shardId, long nodeId) {
        return Optional.ofNullable(replicaVersions.getOrDefault(shardId, Map.of()).get(nodeId));
    }

    Optional<ShardView> view(long shardId) {
        return Optional.ofNullable(views.get(shardId));
    }

    Map<Long, ShardView> all() {
        return Map.copyOf(views);
    }

    Optional<NodeCapacity> capacity(long nodeId) {
        return Optional.ofNullable(capacities.get(nodeId));
    }
}
