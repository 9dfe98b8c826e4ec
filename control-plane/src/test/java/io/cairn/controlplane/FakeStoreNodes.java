package io.cairn.controlplane;

import com.google.protobuf.ByteString;
import io.cairn.api.meta.Operator;
import io.cairn.api.meta.Replica;
import io.cairn.api.meta.ShardDescriptor;
import io.cairn.api.meta.ShardEpoch;
import io.cairn.api.meta.ShardRoute;
import io.cairn.api.meta.ShardStats;
import io.cairn.api.placement.HeartbeatResponse;
import io.cairn.api.placement.NodeHeartbeat;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * Store nodes as the control plane sees them, without Raft: one record per shard group (range,
 * epoch, peers, leader, term, size), heartbeats built from it, and the current step of every
 * operator a heartbeat reply hands to a group's leader executed at once, as a store node would
 * (membership steps bump conf_ver, split and merge bump version).
 */
final class FakeStoreNodes {
    static final class Group {
        long id;
        ByteString start;
        ByteString end;
        ShardEpoch epoch;
        List<Replica> replicas = new ArrayList<>();
        long leader;
        long term = 1;
        long sizeBytes;
        long keys;
        ByteString hint = ByteString.EMPTY;
        long mergingInto;
    }

    private final Function<NodeHeartbeat, HeartbeatResponse> controlPlane;
    private final Map<Long, Group> groups = new TreeMap<>();
    private final Set<Long> alive = new HashSet<>();
    private final Set<Long> paused = new HashSet<>();
    final List<Operator> received = new CopyOnWriteArrayList<>();
    /** Shards a heartbeat reply told a node to host as a learner before the node held them. */
    final Set<Long> learnerHandouts = java.util.concurrent.ConcurrentHashMap.newKeySet();

    FakeStoreNodes(Function<NodeHeartbeat, HeartbeatResponse> controlPlane) {
        this.controlPlane = controlPlane;
    }

    /** Creates a group for every shard not known yet, led by its first voter. */
    synchronized void adopt(List<ShardRoute> routes) {
        for (ShardRoute route : routes) {
            ShardDescriptor shard = route.getShard();
            groups.computeIfAbsent(shard.getId(), id -> {
                Group g = new Group();
                g.id = id;
                g.start = shard.getStartKey();
                g.end = shard.getEndKey();
                g.epoch = shard.getEpoch();
                g.replicas.addAll(shard.getReplicasList());
                g.leader = route.getLeaderNodeId() != 0 ? route.getLeaderNodeId() : shard.getReplicas(0).getNodeId();
                return g;
            });
        }
    }

    synchronized Group group(long id) {
        return groups.get(id);
    }

    synchronized List<Group> groups() {
        return List.copyOf(groups.values());
    }

    synchronized void start(long nodeId) {
        alive.add(nodeId);
    }

    synchronized void kill(long nodeId) {
        alive.remove(nodeId);
        // a surviving voter takes over the groups the dead node led
        for (Group g : groups.values()) {
            if (g.leader == nodeId) {
                g.replicas.stream().filter(r -> !r.getLearner() && alive.contains(r.getNodeId())).findFirst()
                        .ifPresent(r -> {
                            g.leader = r.getNodeId();
                            g.term++;
                        });
            }
        }
    }

    /** Operators are still received but not executed while paused. */
    synchronized void pause(boolean value, long nodeId) {
        if (value) {
            paused.add(nodeId);
        } else {
            paused.remove(nodeId);
        }
    }

    /** Every live node heartbeats once; operators in the replies are executed. */
    void heartbeatAll() {
        List<Long> nodes;
        synchronized (this) {
            nodes = List.copyOf(alive);
        }
        nodes.forEach(this::heartbeat);
    }

    void heartbeat(long nodeId) {
        HeartbeatResponse reply = controlPlane.apply(heartbeatOf(nodeId));
        synchronized (this) {
            reply.getShardsList().stream()
                    .filter(s -> s.getReplicasList().stream().anyMatch(r -> r.getNodeId() == nodeId && r.getLearner()))
                    .forEach(s -> learnerHandouts.add(s.getId()));
            for (Operator operator : reply.getOperatorsList()) {
                received.add(operator);
                Group g = groups.get(operator.getShardId());
                if (g != null && g.leader == nodeId && !paused.contains(nodeId)) {
                    execute(g, OperatorStep.from(operator.getSteps(operator.getCurrentStep())));
                }
            }
        }
    }

    synchronized NodeHeartbeat heartbeatOf(long nodeId) {
        NodeHeartbeat.Builder heartbeat = NodeHeartbeat.newBuilder().setNodeId(nodeId)
                .setCapacityBytes(1L << 30).setAvailableBytes(1L << 29);
        for (Group g : groups.values()) {
            if (g.replicas.stream().noneMatch(r -> r.getNodeId() == nodeId)) {
                continue;
            }
            ShardStats.Builder stats = ShardStats.newBuilder().setShardId(g.id).setEpoch(g.epoch).setTerm(g.term)
                    .setLeaderNodeId(g.leader).setLeader(g.leader == nodeId).setMergingIntoShardId(g.mergingInto);
            if (g.leader == nodeId) {
                stats.addAllReplicas(g.replicas).setSizeBytes(g.sizeBytes).setKeys(g.keys).setSplitKeyHint(g.hint);
            }
            heartbeat.addShards(stats);
        }
        return heartbeat.build();
    }

    private void execute(Group g, OperatorStep step) {
        switch (step) {
            case OperatorStep.AddLearner add -> {
                if (g.replicas.stream().noneMatch(r -> r.getNodeId() == add.nodeId())) {
                    g.replicas.add(Replica.newBuilder().setNodeId(add.nodeId()).setLearner(true).build());
                    g.epoch = g.epoch.toBuilder().setConfVer(g.epoch.getConfVer() + 1).build();
                }
            }
            case OperatorStep.PromoteLearner promote -> {
                g.replicas.replaceAll(r -> r.getNodeId() == promote.nodeId() ? r.toBuilder().setLearner(false).build() : r);
                g.epoch = g.epoch.toBuilder().setConfVer(g.epoch.getConfVer() + 1).build();
            }
            case OperatorStep.TransferLeader transfer -> {
                if (alive.contains(transfer.toNodeId())) {
                    g.leader = transfer.toNodeId();
                    g.term++;
                }
            }
            case OperatorStep.RemovePeer remove -> {
                if (remove.nodeId() != g.leader && g.replicas.removeIf(r -> r.getNodeId() == remove.nodeId())) {
                    g.epoch = g.epoch.toBuilder().setConfVer(g.epoch.getConfVer() + 1).build();
                }
            }
            case OperatorStep.SplitShard split -> {
                if (!groups.containsKey(split.newShardId())) {
                    Group right = new Group();
                    right.id = split.newShardId();
                    right.start = split.splitKey();
                    right.end = g.end;
                    g.end = split.splitKey();
                    g.epoch = g.epoch.toBuilder().setVersion(g.epoch.getVersion() + 1).build();
                    right.epoch = g.epoch;
                    right.replicas.addAll(g.replicas);
                    right.leader = g.leader;
                    g.sizeBytes /= 2;
                    g.keys /= 2;
                    right.sizeBytes = g.sizeBytes;
                    right.keys = g.keys;
                    g.hint = ByteString.EMPTY;
                    groups.put(right.id, right);
                }
            }
            case OperatorStep.MergeShards merge -> {
                Group source = groups.remove(merge.sourceShardId());
                if (source != null) {
                    long version = Math.max(g.epoch.getVersion(), source.epoch.getVersion()) + 1;
                    g.epoch = g.epoch.toBuilder().setVersion(version).build();
                    g.end = source.end;
                    g.sizeBytes += source.sizeBytes;
                    g.keys += source.keys;
                }
            }
        }
    }
}
