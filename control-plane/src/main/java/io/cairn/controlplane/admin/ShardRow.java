package io.cairn.controlplane.admin;

import io.cairn.api.meta.ShardDescriptor;
import io.cairn.api.meta.ShardStats;
import io.cairn.api.placement.ShardInfo;
import java.util.List;

/**
 * One shard as {@code cairn ctl shards} and {@code GET /admin/v1/shards} show it. Stats come
 * from the last report of the shard's leader to the control-plane leader ({@code reported}
 * false: none yet, the stat fields are 0).
 *
 * @param id shard id
 * @param start first key of its range, as {@link KeyText} ("" = beginning of the keyspace)
 * @param end first key after its range ("" = end of the keyspace)
 * @param tenants tenants whose keys it holds ("7", "1..3", "5.." = to the end)
 * @param confVer epoch.conf_ver: bumped by every membership change
 * @param version epoch.version: bumped by every split and merge
 * @param replicas where its replicas live (learners catch up and do not vote)
 * @param leader node leading it (0 = unknown)
 * @param term Raft term of that leader
 * @param raftIndex the leader's Raft commit index
 * @param appliedIndex the leader's applied index
 * @param sizeBytes approximate bytes of its data
 * @param keys approximate number of keys (all revisions)
 * @param lastRevision newest revision written to it
 * @param reported whether its leader has reported stats yet
 */
public record ShardRow(long id, String start, String end, String tenants, long confVer, long version,
                       List<Replica> replicas, long leader, long term, long raftIndex, long appliedIndex,
                       long sizeBytes, long keys, long lastRevision, boolean reported) {

    /** A replica: the node it lives on, and whether it is a learner. */
    public record Replica(long nodeId, boolean learner) {
    }

    public ShardRow {
        replicas = List.copyOf(replicas);
    }

    public static ShardRow from(ShardInfo info) {
        ShardDescriptor shard = info.getRoute().getShard();
        ShardStats stats = info.getStats();
        List<Replica> replicas = shard.getReplicasList().stream()
                .map(r -> new Replica(r.getNodeId(), r.getLearner())).toList();
        long term = Math.max(info.getRoute().getTerm(), stats.getTerm());
        return new ShardRow(shard.getId(), KeyText.of(shard.getStartKey()), KeyText.of(shard.getEndKey()),
                KeyText.tenants(shard.getStartKey(), shard.getEndKey()), shard.getEpoch().getConfVer(),
                shard.getEpoch().getVersion(), replicas, info.getRoute().getLeaderNodeId(), term,
                stats.getCommitIndex(), stats.getAppliedIndex(), stats.getSizeBytes(), stats.getKeys(),
                stats.getLastRevision(), info.hasStats());
    }

    /** Whether a replica of this shard lives on the node. */
    public boolean holds(long nodeId) {
        return replicas.stream().anyMatch(r -> r.nodeId() == nodeId);
    }
}
