package io.cairn.node;

import io.cairn.node.mvcc.MvccStore;
import java.time.Duration;
import java.util.Optional;

/** Where a merge finds the source's replica on this node (docs/adr/0006-shard-merge.md). */
interface MergeHost {

    /**
     * The store of this node's replica of {@code sourceId} once it has applied its freeze for
     * {@code targetId}; waits up to {@code patience} for a lagging replica to catch up through
     * the source's group (still running). Empty when no such replica shows up in time.
     */
    Optional<MvccStore> frozenSource(long sourceId, long targetId, Duration patience);
}
