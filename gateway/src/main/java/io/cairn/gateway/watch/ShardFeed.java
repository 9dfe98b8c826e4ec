package io.cairn.gateway.watch;

import com.google.protobuf.ByteString;
import io.cairn.api.shard.ShardKvGrpc;
import io.cairn.api.shard.ShardRequestContext;
import io.cairn.api.shard.ShardWatchRequest;
import io.cairn.api.shard.ShardWatchResponse;
import io.grpc.Channel;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.util.concurrent.Executor;

/**
 * One shard's part of a watch: a {@code ShardKv/Watch} stream to the shard's leader over
 * {@code [key, end)} clipped to the shard, from {@code start}. Reads one message at a time
 * ({@link #request()} asks for the next), so a slow watch slows the node's stream instead
 * of filling memory. Callbacks run on the session's executor.
 */
final class ShardFeed {

    /** What a feed reports to its watch. */
    interface Listener {
        void onMessage(ShardFeed feed, ShardWatchResponse message);

        /** The stream ended without a compaction answer; {@code failure} is null when the node completed it. */
        void onEnded(ShardFeed feed, Throwable failure);
    }

    private final long id;
    private final ShardTarget target;
    private final ByteString key;
    private final ByteString end;
    private volatile ClientCallStreamObserver<ShardWatchRequest> call;
    private volatile boolean cancelled;

    ShardFeed(long id, ShardTarget target, ByteString key, ByteString end) {
        this.id = id;
        this.target = target;
        this.key = key;
        this.end = end;
    }

    long id() {
        return id;
    }

    ShardTarget target() {
        return target;
    }

    ByteString key() {
        return key;
    }

    ByteString end() {
        return end;
    }

    void open(Channel channel, long start, boolean prevKv, long progressMillis, Executor session, Listener listener) {
        ShardWatchRequest request = ShardWatchRequest.newBuilder()
                .setContext(ShardRequestContext.newBuilder().setShardId(target.shardId()).setEpoch(target.epoch()))
                .setKey(key)
                .setRangeEnd(end)
                .setStartRevision(start)
                .setPrevKv(prevKv)
                .setProgressNotify(true)
                .setProgressIntervalMs(progressMillis)
                .build();
        ShardKvGrpc.newStub(channel).watch(request, new ClientResponseObserver<ShardWatchRequest, ShardWatchResponse>() {
            @Override
            public void beforeStart(ClientCallStreamObserver<ShardWatchRequest> stream) {
                call = stream;
                stream.disableAutoRequestWithInitial(1);
            }

            @Override
            public void onNext(ShardWatchResponse message) {
                session.execute(() -> {
                    if (!cancelled) {
                        listener.onMessage(ShardFeed.this, message);
                    }
                });
            }

            @Override
            public void onError(Throwable t) {
                session.execute(() -> {
                    if (!cancelled) {
                        listener.onEnded(ShardFeed.this, t);
                    }
                });
            }

            @Override
            public void onCompleted() {
                session.execute(() -> {
                    if (!cancelled) {
                        listener.onEnded(ShardFeed.this, null);
                    }
                });
            }
        });
    }

    /** Asks the node for the next message. */
    void request() {
        ClientCallStreamObserver<ShardWatchRequest> stream = call;
        if (stream != null && !cancelled) {
            stream.request(1);
        }
    }

    void cancel() {
        cancelled = true;
        ClientCallStreamObserver<ShardWatchRequest> stream = call;
        if (stream != null) {
            stream.cancel("watch closed", null);
        }
    }
}
