package io.cairn.controlplane;

import io.cairn.api.meta.Replica;
import io.cairn.api.meta.ShardDescriptor;
import io.cairn.api.meta.ShardEpoch;
import io.cairn.api.meta.ShardRoute;
import java.util.Map;

/**
 * What a completed operator step changes in the recorded shards, deterministically (run on the
 * Raft apply thread). Membership steps bump epoch.conf_ver, split and merge bump
 * epoch.version (as TiKV does); the recorded epoch never falls below what the leader reported.
 */
final class StepEffects {
    private StepEffects() {
    }

    static void apply(Map<Long, ShardRoute> shards, long shardId, OperatorStep step, ShardEpoch reported,
            long nowMs) {
        ShardRoute route = shards.get(shardId);
        if (route == null) {
            throw ControlPlaneException.notFound("no shard " + shardId);
        }
        ShardDescriptor shard = route.getShard();
        switch (step) {
            case OperatorStep.AddLearner add -> {
                ShardDescriptor.Builder next = shard.toBuilder();
                if (shard.getReplicasList().stream().noneMatch(r -> r.getNodeId() == add.nodeId())) {
                    next.addReplicas(Replica.newBuilder().setNodeId(add.nodeId()).setLearner(true));
                }
                shards.put(shardId, route.toBuilder().setShard(membership(next, reported)).build());
            }
            case OperatorStep.PromoteLearner promote -> {
                ShardDescriptor.Builder next = shard.toBuilder().clearReplicas();
                shard.getReplicasList().forEach(r -> next.addReplicas(
                        r.getNodeId() == promote.nodeId() ? r.toBuilder().setLearner(false).build() : r));
                shards.put(shardId, route.toBuilder().setShard(membership(next, reported)).build());
            }
            case OperatorStep.RemovePeer remove -> {
                ShardDescriptor.Builder next = shard.toBuilder().clearReplicas();
                shard.getReplicasList().stream().filter(r -> r.getNodeId() != remove.nodeId())
                        .forEach(next::addReplicas);
                ShardRoute.Builder nextRoute = route.toBuilder().setShard(membership(next, reported));
                if (route.getLeaderNodeId() == remove.nodeId()) {
                    nextRoute.setLeaderNodeId(0);
                }
                shards.put(shardId, nextRoute.build());
            }
            case OperatorStep.TransferLeader transfer -> shards.put(shardId, route.toBuilder()
                    .setLeaderNodeId(transfer.toNodeId())
                    .setShard(shard.toBuilder().setEpoch(atLeast(shard.getEpoch(), reported))).build());
            case OperatorStep.SplitShard split -> split(shards, route, split, reported, nowMs);
            case OperatorStep.MergeShards merge -> merge(shards, merge, reported, nowMs);
        }
    }

    private static ShardDescriptor membership(ShardDescriptor.Builder next, ShardEpoch reported) {
        ShardEpoch epoch = next.getEpoch().toBuilder().setConfVer(next.getEpoch().getConfVer() + 1).build();
        return next.setEpoch(atLeast(epoch, reported)).build();
    }

    private static void split(Map<Long, ShardRoute> shards, ShardRoute route, OperatorStep.SplitShard split,
            ShardEpoch reported, long nowMs) {
        ShardDescriptor shard = route.getShard();
        ShardEpoch epoch = atLeast(shard.getEpoch().toBuilder().setVersion(shard.getEpoch().getVersion() + 1).build(),
                reported);
        ShardDescriptor left = shard.toBuilder().setEndKey(split.splitKey()).setEpoch(epoch).build();
        ShardDescriptor right = shard.toBuilder().setId(split.newShardId()).setStartKey(split.splitKey())
                .setEpoch(epoch).build();
        shards.put(left.getId(), route.toBuilder().setShard(left).setLastSplitMs(nowMs).build());
        // the new group elects its own leader; until it reports, the left's leader is the best guess
        shards.put(right.getId(), ShardRoute.newBuilder().setShard(right).setLeaderNodeId(route.getLeaderNodeId())
                .setLastSplitMs(nowMs).build());
    }

    private static void merge(Map<Long, ShardRoute> shards, OperatorStep.MergeShards merge, ShardEpoch reported,
            long nowMs) {
        ShardRoute target = shards.get(merge.targetShardId());
        ShardRoute source = shards.get(merge.sourceShardId());
        if (target == null || source == null) {
            throw ControlPlaneException.notFound("merge of missing shards " + merge);
        }
        ShardDescriptor t = target.getShard();
        ShardDescriptor s = source.getShard();
        long version = Math.max(t.getEpoch().getVersion(), s.getEpoch().getVersion()) + 1;
        ShardDescriptor.Builder merged = t.toBuilder()
                .setEpoch(atLeast(t.getEpoch().toBuilder().setVersion(version).build(), reported));
        if (s.getEndKey().equals(t.getStartKey()) && !s.getEndKey().isEmpty()) {
            merged.setStartKey(s.getStartKey());
        } else if (t.getEndKey().equals(s.getStartKey()) && !t.getEndKey().isEmpty()) {
            merged.setEndKey(s.getEndKey());
        } else {
            throw ControlPlaneException.invalidArgument("shards " + s.getId() + " and " + t.getId() + " are not adjacent");
        }
        shards.remove(s.getId());
        shards.put(t.getId(), target.toBuilder().setShard(merged).setLastSplitMs(nowMs).build());
    }

    static ShardEpoch atLeast(ShardEpoch epoch, ShardEpoch reported) {
        return ShardEpoch.newBuilder()
                .setConfVer(Math.max(epoch.getConfVer(), reported.getConfVer()))
                .setVersion(Math.max(epoch.getVersion(), reported.getVersion())).build();
    }
}
