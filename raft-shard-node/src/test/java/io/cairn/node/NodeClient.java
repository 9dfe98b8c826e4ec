package io.cairn.node;

import com.google.protobuf.ByteString;
import io.cairn.api.etcdserverpb.PutRequest;
import io.cairn.api.etcdserverpb.RangeRequest;
import io.cairn.api.shard.NodeStatusRequest;
import io.cairn.api.shard.NodeStatusResponse;
import io.cairn.api.shard.ShardKvGrpc;
import io.cairn.api.shard.ShardRequest;
import io.cairn.api.shard.ShardRequestContext;
import io.cairn.api.shard.ShardResponse;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.util.concurrent.TimeUnit;

/** A test client of one node's ShardKv service. */
final class NodeClient implements AutoCloseable {
    private final ManagedChannel channel;
    private final ShardKvGrpc.ShardKvBlockingStub stub;

    NodeClient(String address) {
        this.channel = NettyChannelBuilder.forTarget(address).usePlaintext().build();
        this.stub = ShardKvGrpc.newBlockingStub(channel);
    }

    ShardResponse execute(ShardRequest request) {
        return stub.withDeadlineAfter(10, TimeUnit.SECONDS).execute(request);
    }

    ShardResponse put(long shardId, ByteString key, String value) {
        return execute(request(shardId).setPut(PutRequest.newBuilder().setKey(key)
                .setValue(ByteString.copyFromUtf8(value))).build());
    }

    ShardResponse get(long shardId, ByteString key, boolean serializable) {
        return range(shardId, RangeRequest.newBuilder().setKey(key).setSerializable(serializable).build());
    }

    ShardResponse range(long shardId, RangeRequest range) {
        return execute(request(shardId).setRange(range).build());
    }

    NodeStatusResponse status() {
        return stub.withDeadlineAfter(10, TimeUnit.SECONDS).nodeStatus(NodeStatusRequest.getDefaultInstance());
    }

    static ShardRequest.Builder request(long shardId) {
        return ShardRequest.newBuilder().setContext(ShardRequestContext.newBuilder()
                .setShardId(shardId).setEpoch(ClusterSpec.EPOCH));
    }

    @Override
    public void close() {
        channel.shutdownNow();
        try {
            channel.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
