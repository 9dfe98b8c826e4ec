package io.cairn.controlplane;

import com.google.protobuf.ByteString;
import io.cairn.api.meta.Replica;
import io.cairn.api.meta.ShardEpoch;
import io.cairn.api.meta.ShardStats;
import java.util.List;
import java.util.Optional;

/**
 * What a shard's leader last reported about it: the state operator steps are judged done
 * against, and the size and load the checkers look at.
 *
 * @param leaderNodeId the reporting node (it said it leads)
 * @param replicas the peers the leader sees, learners flagged
 */
record ShardView(long shardId, long leaderNodeId, long term, ShardEpoch epoch, List<Replica> replicas,
        long sizeBytes, long keys, ByteString splitKeyHint, double readOpsPerS, double writeOpsPerS,
        long reportedAtMs, ShardStats stats) {

    ShardView {
        replicas = List.copyOf(replicas);
    }

    static ShardView of(long leaderNodeId, ShardStats stats, long nowMs) {
        return new ShardView(stats.getShardId(), leaderNodeId, stats.getTerm(), stats.getEpoch(),
                stats.getReplicasList(), stats.getSizeBytes(), stats.getKeys(), stats.getSplitKeyHint(),
                stats.getReadOpsPerS(), stats.getWriteOpsPerS(), nowMs, stats);
    }

    Optional<Replica> replica(long nodeId) {
        return replicas.stream().filter(r -> r.getNodeId() == nodeId).findFirst();
    }

    boolean hasVoter(long nodeId) {
        return replica(nodeId).filter(r -> !r.getLearner()).isPresent();
    }
}
