package io.cairn.node;

import io.cairn.api.shard.NodeStatusRequest;
import io.cairn.api.shard.NodeStatusResponse;
import io.cairn.api.shard.ShardKvGrpc;
import io.cairn.api.shard.ShardRequest;
import io.cairn.api.shard.ShardResponse;
import io.cairn.api.shard.ShardWatchRequest;
import io.cairn.api.shard.ShardWatchResponse;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletableFuture;

/**
 * The ShardKv gRPC service: delegates to the {@link ShardHost}, never blocks the caller's
 * thread. The node's gRPC server runs it on the transport's event-loop threads (direct
 * executor), so anything that may block (store reads, lease lookups) must be handed to an
 * executor by the host.
 */
final class ShardKvService extends ShardKvGrpc.ShardKvImplBase {
    private final ShardHost host;

    ShardKvService(ShardHost host) {
        this.host = host;
    }

    @Override
    public void execute(ShardRequest request, StreamObserver<ShardResponse> responses) {
        reply(host.execute(request), responses);
    }

    @Override
    public void nodeStatus(NodeStatusRequest request, StreamObserver<NodeStatusResponse> responses) {
        reply(host.status(), responses);
    }

    @Override
    public void watch(ShardWatchRequest request, StreamObserver<ShardWatchResponse> responses) {
        host.watch(request, responses);
    }

    private static <T> void reply(CompletableFuture<T> answer, StreamObserver<T> responses) {
        answer.whenComplete((response, error) -> {
            if (error != null) {
                responses.onError(error);
            } else {
                responses.onNext(response);
                responses.onCompleted();
            }
        });
    }
}
