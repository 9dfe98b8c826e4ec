package io.cairn.node.watch;

import io.cairn.api.shard.NotLeader;
import io.cairn.api.shard.ShardError;

/** The error a stream ends with when its replica goes away: ask the routes for the leader again. */
final class ShardErrorsForWatch {
    private ShardErrorsForWatch() {
    }

    static ShardError closed(long shardId) {
        return ShardError.newBuilder().setNotLeader(NotLeader.newBuilder().setShardId(shardId)).build();
    }
}
