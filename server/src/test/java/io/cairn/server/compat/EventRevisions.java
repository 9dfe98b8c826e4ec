package io.cairn.server.compat;

import com.google.protobuf.ByteString;
import io.cairn.api.mvccpb.Event;
import io.cairn.api.etcdserverpb.KVGrpc;
import io.cairn.api.etcdserverpb.PutRequest;
import io.cairn.api.etcdserverpb.RangeRequest;
import io.cairn.api.etcdserverpb.RangeResponse;
import io.cairn.api.etcdserverpb.WatchCreateRequest;
import io.cairn.api.etcdserverpb.WatchGrpc;
import io.cairn.api.etcdserverpb.WatchRequest;
import io.cairn.api.etcdserverpb.WatchResponse;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.TimeUnit;

/**
 * Every revision at which the server's keyspace changed, from a gRPC watch on all keys opened
 * before the first write. Lets a test compare revisions of two servers by rank: the number of
 * revisions with events up to {@code r} is the same on etcd (contiguous revisions) and on Cairn
 * (increasing, with gaps: docs/api.md, "Where Cairn differs") when both saw the same writes.
 */
public final class EventRevisions implements AutoCloseable {
    private static final ByteString ALL = ByteString.copyFrom(new byte[] {0});

    private final ManagedChannel channel;
    private final KVGrpc.KVBlockingStub kv;
    private final ConcurrentSkipListSet<Long> revisions = new ConcurrentSkipListSet<>();
    private final CompletableFuture<Void> created = new CompletableFuture<>();
    private volatile Throwable failure;

    public EventRevisions(String endpoint) {
        channel = ManagedChannelBuilder.forTarget(endpoint).usePlaintext().maxInboundMessageSize(16 << 20).build();
        kv = KVGrpc.newBlockingStub(channel);
        StreamObserver<WatchRequest> requests = WatchGrpc.newStub(channel).watch(new StreamObserver<>() {
            @Override
            public void onNext(WatchResponse response) {
                if (response.getCanceled()) {
                    failure = new IllegalStateException("the all-keys watch was cancelled: " + response);
                }
                response.getEventsList().stream().map(Event::getKv).forEach(e -> revisions.add(e.getModRevision()));
                created.complete(null);
            }

            @Override
            public void onError(Throwable t) {
                failure = t;
                created.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
            }
        });
        requests.onNext(WatchRequest.newBuilder()
                .setCreateRequest(WatchCreateRequest.newBuilder().setKey(ALL).setRangeEnd(ALL)).build());
        created.orTimeout(30, TimeUnit.SECONDS).join();
    }

    /** The header of a read of {@code key} (its member id, cluster id and revision), and the key if present. */
    public RangeResponse read(String key) {
        return kv.withDeadlineAfter(15, TimeUnit.SECONDS).range(RangeRequest.newBuilder().setKey(bytes(key)).build());
    }

    /** Waits until exactly {@code count} keys exist under {@code prefix}. */
    public void awaitKeys(String prefix, int count) {
        byte[] end = prefix.getBytes(StandardCharsets.UTF_8);
        end[end.length - 1]++;
        RangeRequest request = RangeRequest.newBuilder().setKey(bytes(prefix)).setRangeEnd(ByteString.copyFrom(end))
                .setCountOnly(true).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        long found;
        while ((found = kv.withDeadlineAfter(15, TimeUnit.SECONDS).range(request).getCount()) != count) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(found + " keys under " + prefix + " after 15 s, not " + count);
            }
            pause();
        }
    }

    /** Writes {@code key} and waits until its event arrived: every earlier event has arrived too. */
    public void sync(String key) {
        long revision = kv.withDeadlineAfter(15, TimeUnit.SECONDS)
                .put(PutRequest.newBuilder().setKey(bytes(key)).setValue(bytes("sync")).build())
                .getHeader().getRevision();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!revisions.contains(revision)) {
            if (failure != null) {
                throw new IllegalStateException("the all-keys watch failed", failure);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the all-keys watch did not deliver revision " + revision + " within 30 s");
            }
            pause();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** How many revisions with events are at or below {@code revision}. */
    public int rank(long revision) {
        return revisions.headSet(revision, true).size();
    }

    private static ByteString bytes(String s) {
        return ByteString.copyFrom(s, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
}
