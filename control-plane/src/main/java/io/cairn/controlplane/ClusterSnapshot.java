package io.cairn.controlplane;

import io.cairn.api.meta.NodeDescriptor;
import io.cairn.api.meta.NodeState;
import io.cairn.api.meta.Operator;
import io.cairn.api.meta.Replica;
import io.cairn.api.meta.ShardRoute;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What one scheduling round sees: nodes, shards, the leaders' reports, running operators and
 * the clock. Replica and leader counts include the influence of operators still running (and
 * of those planned earlier in the round, through {@link #plan}), so a round does not pile
 * moves onto the same node.
 */
final class ClusterSnapshot {
    private final Map<Long, NodeDescriptor> nodes = new HashMap<>();
    private final List<ShardRoute> shards;
    private final Map<Long, ShardView> reports;
    private final long nowMs;
    private final Set<Long> busy = new HashSet<>();
    private final Map<Long, Long> frozenMerges = new HashMap<>();
    private final Map<Long, Integer> replicaCounts = new HashMap<>();
    private final Map<Long, Integer> leaderCounts = new HashMap<>();
    private final Map<Long, Long> leaders = new HashMap<>();

    ClusterSnapshot(List<NodeDescriptor> nodes, List<ShardRoute> shards, Map<Long, ShardView> reports,
            List<Operator> running, long nowMs) {
        nodes.forEach(n -> this.nodes.put(n.getId(), n));
        this.shards = shards.stream()
                .sorted((a, b) -> KeyOrder.compare(a.getShard().getStartKey(), b.getShard().getStartKey())).toList();
        this.reports = Map.copyOf(reports);
        this.nowMs = nowMs;
        for (ShardRoute route : shards) {
            route.getShard().getReplicasList().forEach(r -> replicaCounts.merge(r.getNodeId(), 1, Integer::sum));
            if (route.getLeaderNodeId() != 0) {
                leaders.put(route.getShard().getId(), route.getLeaderNodeId());
                leaderCounts.merge(route.getLeaderNodeId(), 1, Integer::sum);
            }
        }
        running.forEach(this::plan);
        for (ShardView view : reports.values()) {
            long target = view.stats().getMergingIntoShardId();
            if (target != 0) {
                frozenMerges.put(view.shardId(), target);
            }
        }
    }

    /** Records an operator's remaining effect on the counts and marks its shards busy. */
    void plan(Operator operator) {
        busy.addAll(OperatorBook.touchedShards(operator));
        for (int i = operator.getCurrentStep(); i < operator.getStepsCount(); i++) {
            switch (OperatorStep.from(operator.getSteps(i))) {
                case OperatorStep.AddLearner add -> replicaCounts.merge(add.nodeId(), 1, Integer::sum);
                case OperatorStep.RemovePeer remove -> replicaCounts.merge(remove.nodeId(), -1, Integer::sum);
                case OperatorStep.TransferLeader transfer -> {
                    Long from = leaders.put(operator.getShardId(), transfer.toNodeId());
                    if (from != null) {
                        leaderCounts.merge(from, -1, Integer::sum);
                    }
                    leaderCounts.merge(transfer.toNodeId(), 1, Integer::sum);
                }
                default -> {
                }
            }
        }
    }

    long nowMs() {
        return nowMs;
    }

    List<ShardRoute> shards() {
        return shards;
    }

    List<NodeDescriptor> nodes() {
        return List.copyOf(nodes.values());
    }

    Optional<NodeDescriptor> node(long id) {
        return Optional.ofNullable(nodes.get(id));
    }

    boolean isUp(long nodeId) {
        return node(nodeId).filter(n -> n.getState() == NodeState.NODE_UP).isPresent();
    }

    boolean isDraining(long nodeId) {
        return node(nodeId).filter(n -> n.getState() == NodeState.NODE_DRAINING).isPresent();
    }

    /** Nodes that may receive replicas and leaders: up, not draining. */
    List<Long> upNodes() {
        return nodes.values().stream().filter(n -> n.getState() == NodeState.NODE_UP)
                .map(NodeDescriptor::getId).sorted().toList();
    }

    /**
     * Whether an operator (running or planned this round) touches the shard, or it is part of a
     * merge whose source is frozen: only the merge checker may finish that one.
     */
    boolean busy(long shardId) {
        return busy.contains(shardId) || frozenMerges.containsKey(shardId) || frozenMerges.containsValue(shardId);
    }

    /** Whether an operator (running or planned this round) touches the shard. */
    boolean operatorRunning(long shardId) {
        return busy.contains(shardId);
    }

    /** Frozen merge sources (as their leaders report) and the target of each. */
    Map<Long, Long> frozenMerges() {
        return Map.copyOf(frozenMerges);
    }

    /** The leader's report when it is as new as the recorded descriptor (else it predates a split or merge). */
    Optional<ShardView> view(ShardRoute route) {
        return Optional.ofNullable(reports.get(route.getShard().getId()))
                .filter(v -> v.epoch().getVersion() >= route.getShard().getEpoch().getVersion());
    }

    int replicaCount(long nodeId) {
        return replicaCounts.getOrDefault(nodeId, 0);
    }

    int leaderCount(long nodeId) {
        return leaderCounts.getOrDefault(nodeId, 0);
    }

    long leaderOf(ShardRoute route) {
        return leaders.getOrDefault(route.getShard().getId(), 0L);
    }

    /** Bytes of the shards with a replica on the node, as their leaders reported them. */
    long sizeOn(long nodeId) {
        return shards.stream()
                .filter(s -> s.getShard().getReplicasList().stream().anyMatch(r -> r.getNodeId() == nodeId))
                .mapToLong(s -> Optional.ofNullable(reports.get(s.getShard().getId()))
                        .map(ShardView::sizeBytes).orElse(0L))
                .sum();
    }

    String zone(long nodeId) {
        return node(nodeId).map(n -> n.getLabelsOrDefault("zone", "")).orElse("");
    }

    static boolean holds(ShardRoute route, long nodeId) {
        return route.getShard().getReplicasList().stream().anyMatch(r -> r.getNodeId() == nodeId);
    }

    static List<Long> voters(ShardRoute route) {
        return route.getShard().getReplicasList().stream().filter(r -> !r.getLearner())
                .map(Replica::getNodeId).toList();
    }

    /** The tolerated spread of replica or leader counts around {@code max}. */
    static int tolerance(int max, SchedulingConfig config) {
        return Math.max(config.balanceTolerance(), (int) Math.ceil(max * 0.05));
    }
}
