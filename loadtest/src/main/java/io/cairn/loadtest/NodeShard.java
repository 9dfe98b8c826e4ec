package io.cairn.loadtest;

import com.google.protobuf.ByteString;
import io.cairn.api.etcdserverpb.RangeRequest;
import io.cairn.api.meta.ShardDescriptor;
import io.cairn.api.meta.ShardEpoch;
import io.cairn.api.meta.ShardStats;
import io.cairn.api.shard.NodeStatusRequest;
import io.cairn.api.shard.ShardKvGrpc;
import io.cairn.api.shard.ShardRequest;
import io.cairn.api.shard.ShardRequestContext;
import io.cairn.api.shard.ShardResponse;

/**
 * A shard that a store node leads, found through the node's own ShardKv service: NodeStatus
 * names the shards it leads, and a request with a stale epoch is answered with the shard's
 * descriptor (its key range), so the probe can build keys the shard accepts.
 */
record NodeShard(ShardRequestContext context, ByteString startKey, ByteString endKey) {
    private static final int TENANT_BYTES = 8;

    static NodeShard discover(ShardKvGrpc.ShardKvBlockingStub stub) {
        NodeShard found = null;
        for (ShardStats led : stub.nodeStatus(NodeStatusRequest.getDefaultInstance()).getShardsList()) {
            if (led.getLeader()) {
                NodeShard shard = describe(stub, led);
                if (shard.startKey().size() >= TENANT_BYTES) {
                    return shard;
                }
                found = found != null ? found : shard;
            }
        }
        if (found == null) {
            throw new IllegalStateException("the node leads no shard");
        }
        return found;
    }

    private static NodeShard describe(ShardKvGrpc.ShardKvBlockingStub stub, ShardStats led) {
        ShardEpoch stale = led.getEpoch().toBuilder().setVersion(led.getEpoch().getVersion() + 1_000_000).build();
        ShardResponse answer = stub.execute(ShardRequest.newBuilder()
                .setContext(ShardRequestContext.newBuilder().setShardId(led.getShardId()).setEpoch(stale))
                .setRange(RangeRequest.newBuilder().setKey(ByteString.copyFromUtf8("x")))
                .build());
        if (!answer.getError().hasEpochNotMatch()) {
            throw new IllegalStateException("expected EPOCH_NOT_MATCH for a stale epoch, got " + answer);
        }
        ShardDescriptor shard = answer.getError().getEpochNotMatch().getCurrentShards(0);
        return new NodeShard(ShardRequestContext.newBuilder().setShardId(shard.getId()).setEpoch(shard.getEpoch()).build(),
                shard.getStartKey(), shard.getEndKey());
    }

    /** A key inside the shard: its start key (at least a tenant prefix) followed by {@code suffix}. */
    ByteString key(String suffix) {
        ByteString prefix = startKey.size() >= TENANT_BYTES ? startKey
                : startKey.concat(ByteString.copyFrom(new byte[TENANT_BYTES - startKey.size()]));
        ByteString key = prefix.concat(ByteString.copyFromUtf8("\u0001probe/" + suffix));
        if (!endKey.isEmpty() && ByteString.unsignedLexicographicalComparator().compare(key, endKey) >= 0) {
            throw new IllegalStateException("shard " + context.getShardId() + " is too narrow for probe keys");
        }
        return key;
    }
}
