package io.cairn.node;

import io.cairn.api.meta.ShardDescriptor;
import io.cairn.api.shard.EpochNotMatch;
import io.cairn.api.shard.KvError;
import io.cairn.api.shard.KvErrorCode;
import io.cairn.api.shard.NotLeader;
import io.cairn.api.shard.ServerBusy;
import io.cairn.api.shard.ShardError;
import io.cairn.api.shard.ShardNotFound;
import io.cairn.api.shard.ShardResponse;
import java.util.List;

/** The error answers of a store node, each carrying what the caller needs to recover. */
final class ShardErrors {
    private ShardErrors() {
    }

    static ShardResponse notLeader(long shardId, long leaderNodeId, String leaderRpcAddress) {
        return of(ShardError.newBuilder().setNotLeader(NotLeader.newBuilder()
                .setShardId(shardId)
                .setLeaderNodeId(leaderNodeId)
                .setLeaderRpcAddress(leaderRpcAddress)));
    }

    static ShardResponse epochNotMatch(ShardDescriptor current) {
        return of(ShardError.newBuilder().setEpochNotMatch(
                EpochNotMatch.newBuilder().addCurrentShards(current)));
    }

    /** After a split: the shard as it is now and the shard that took the upper range. */
    static ShardResponse epochNotMatch(List<ShardDescriptor> current) {
        return of(ShardError.newBuilder().setEpochNotMatch(
                EpochNotMatch.newBuilder().addAllCurrentShards(current)));
    }

    static ShardResponse shardNotFound(long shardId) {
        return of(ShardError.newBuilder().setShardNotFound(ShardNotFound.newBuilder().setShardId(shardId)));
    }

    static ShardResponse serverBusy(String reason, long backoffMs) {
        return of(ShardError.newBuilder().setServerBusy(
                ServerBusy.newBuilder().setReason(reason).setBackoffMs(backoffMs)));
    }

    static ShardResponse kv(KvErrorCode code, String message) {
        return of(ShardError.newBuilder().setKvError(KvError.newBuilder().setCode(code).setMessage(message)));
    }

    private static ShardResponse of(ShardError.Builder error) {
        return ShardResponse.newBuilder().setError(error).build();
    }
}
