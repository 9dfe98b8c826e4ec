package io.cairn.node;

import io.cairn.api.shard.NodeStatusResponse;
import io.cairn.api.shard.ShardRequest;
import io.cairn.api.shard.ShardResponse;
import io.cairn.api.shard.ShardWatchRequest;
import io.cairn.api.shard.ShardWatchResponse;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletableFuture;

/** What the ShardKv transport delegates to: the node's shard engines. */
interface ShardHost {

    /** Routes a request to its shard's engine (SHARD_NOT_FOUND when this node has none). */
    CompletableFuture<ShardResponse> execute(ShardRequest request);

    /** Stats of every replica on this node and the bytes it keeps on disk. */
    CompletableFuture<NodeStatusResponse> status();

    /** Opens a watch stream on the shard's replica (SHARD_NOT_FOUND when this node has none). */
    void watch(ShardWatchRequest request, StreamObserver<ShardWatchResponse> responses);
}
