package io.cairn.node;

import com.alipay.sofa.jraft.Node;
import com.google.protobuf.ByteString;
import io.cairn.api.meta.ShardDescriptor;
import io.cairn.api.meta.ShardStats;
import io.cairn.node.mvcc.MvccStore;
import java.util.function.Supplier;

/**
 * What a shard's leader adds to its report for scheduling: the peers (learners flagged) from
 * JRaft's configuration, an approximate middle key as split hint (recomputed at most every
 * {@value #HINT_TTL_MS} ms, only when strictly inside the shard's range) and the load.
 */
final class LeaderStats {
    static final long HINT_TTL_MS = 10_000;

    private final Node node;
    private final Supplier<NodeDirectory> directory;
    private final MvccStore store;
    private final ShardLoad load;
    private volatile ByteString hint = ByteString.EMPTY;
    private volatile long hintAtMs;

    LeaderStats(Node node, Supplier<NodeDirectory> directory, MvccStore store, ShardLoad load) {
        this.node = node;
        this.directory = directory;
        this.store = store;
        this.load = load;
    }

    void fill(ShardStats.Builder stats, ShardDescriptor shard, boolean leader) {
        ShardLoad.Rates rates = load.rates();
        stats.setReadOpsPerS(rates.readsPerS()).setWriteOpsPerS(rates.writesPerS());
        if (!leader) {
            return;
        }
        try {
            ShardPeers.of(node, directory.get()).ifPresent(stats::addAllReplicas);
        } catch (IllegalStateException notLeaderAnymore) {
            stats.clearReplicas();
        }
        ByteString middle = splitHint();
        if (ShardRequestCheck.inRange(middle, ByteString.EMPTY, shard) && !middle.equals(shard.getStartKey())) {
            stats.setSplitKeyHint(middle);
        }
    }

    private ByteString splitHint() {
        long now = System.currentTimeMillis();
        if (now - hintAtMs >= HINT_TTL_MS) {
            hint = ByteString.copyFrom(store.approximateMiddleKey());
            hintAtMs = now;
        }
        return hint;
    }
}
