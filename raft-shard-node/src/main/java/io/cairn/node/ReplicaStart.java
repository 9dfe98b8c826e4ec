package io.cairn.node;

import io.cairn.api.meta.ShardDescriptor;
import io.cairn.api.meta.ShardEpoch;
import io.cairn.node.mvcc.MvccStore;

/**
 * The descriptor a replica starts with: the one recorded in its store when newer than the
 * control plane's, else the control plane's. A voter of a bootstrapped shard (epoch {1, 1})
 * starting empty seeds its store with it, as every bootstrap voter does with the same
 * descriptor; any other replica gets its recorded descriptor from a snapshot or the log.
 */
final class ReplicaStart {
    private static final ShardEpoch BOOTSTRAP = ShardEpoch.newBuilder().setConfVer(1).setVersion(1).build();

    private ReplicaStart() {
    }

    /**
     * A replica added as a learner starts with an empty configuration: it joins when the
     * leader's configuration lists it, and catches up from the leader (a snapshot when the
     * leader's log no longer reaches back).
     */
    static boolean joinsAsLearner(ShardDescriptor shard, long nodeId) {
        return shard.getReplicasList().stream().anyMatch(r -> r.getNodeId() == nodeId && r.getLearner());
    }

    static ShardDescriptor descriptor(ShardDescriptor given, MvccStore store, long nodeId) {
        var recorded = store.recordedShard();
        if (recorded.isEmpty()) {
            boolean voter = given.getReplicasList().stream().anyMatch(r -> r.getNodeId() == nodeId && !r.getLearner());
            if (store.appliedIndex() == 0 && voter && given.getEpoch().equals(BOOTSTRAP)) {
                store.seedShard(given);
            }
            return given;
        }
        ShardEpoch mine = recorded.get().getEpoch();
        ShardEpoch theirs = given.getEpoch();
        boolean recordedNewer = mine.getVersion() > theirs.getVersion()
                || mine.getVersion() == theirs.getVersion() && mine.getConfVer() > theirs.getConfVer();
        return recordedNewer ? recorded.get() : given;
    }
}
