package io.cairn.node;

import com.alipay.sofa.jraft.Node;
import com.alipay.sofa.jraft.entity.PeerId;
import io.cairn.api.meta.ShardDescriptor;
import io.cairn.api.meta.ShardStats;
import io.cairn.node.mvcc.MvccStore;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/** What a shard replica tells the control plane and {@code NodeStatus} about itself. */
final class ShardReporter {
    private final long shardId;
    private final Supplier<ShardDescriptor> descriptor;
    private final MvccStore store;
    private final ShardStateMachine fsm;
    private final Node node;
    private final ToLongFunction<PeerId> nodeIds;
    private final LeaderStats leaderStats;

    ShardReporter(long shardId, Supplier<ShardDescriptor> descriptor, MvccStore store, ShardStateMachine fsm,
                  Node node, ToLongFunction<PeerId> nodeIds, LeaderStats leaderStats) {
        this.shardId = shardId;
        this.descriptor = descriptor;
        this.store = store;
        this.fsm = fsm;
        this.node = node;
        this.nodeIds = nodeIds;
        this.leaderStats = leaderStats;
    }

    ShardStats stats() {
        ShardDescriptor shard = descriptor.get();
        ShardStats.Builder stats = ShardStats.newBuilder()
                .setShardId(shardId)
                .setEpoch(shard.getEpoch())
                .setLeader(fsm.isLeader())
                .setTerm(fsm.term())
                .setLeaderNodeId(nodeIds.applyAsLong(node.getLeaderId()))
                .setCommitIndex(node.getLastCommittedIndex())
                .setAppliedIndex(node.getLastAppliedLogIndex())
                .setLastLogIndex(node.getLastLogIndex())
                .setSizeBytes(store.approximateSizeBytes())
                .setKeys(store.approximateKeys())
                .setLastRevision(store.currentRevision())
                .setCompactRevision(store.compactRevision(shard.getStartKey().toByteArray()))
                .setMergingIntoShardId(store.mergeFreeze().map(f -> f.getTarget().getId()).orElse(0L));
        leaderStats.fill(stats, shard, fsm.isLeader());
        return stats.build();
    }
}
