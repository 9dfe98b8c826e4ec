package io.cairn.node;

import io.cairn.api.meta.ShardDescriptor;
import java.nio.file.Path;

/** Where a split creates the new shard's replica on this node, and who starts it. */
interface SplitHost {

    /** The directory the new shard's MVCC store must be written to (absent until then). */
    Path storeDir(long shardId);

    /** Starts the new shard's replica (asynchronously: called on the parent's apply thread). */
    void startSplitChild(ShardDescriptor shard);
}
