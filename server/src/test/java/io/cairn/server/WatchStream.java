package io.cairn.server;

import io.cairn.api.etcdserverpb.WatchCancelRequest;
import io.cairn.api.etcdserverpb.WatchCreateRequest;
import io.cairn.api.etcdserverpb.WatchGrpc;
import io.cairn.api.etcdserverpb.WatchProgressRequest;
import io.cairn.api.etcdserverpb.WatchRequest;
import io.cairn.api.etcdserverpb.WatchResponse;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** One etcd Watch stream (generated stubs): sends requests, queues every response for the test. */
final class WatchStream implements AutoCloseable {
    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private final ManagedChannel channel;
    private final StreamObserver<WatchRequest> requests;
    private final LinkedBlockingQueue<WatchResponse> responses = new LinkedBlockingQueue<>();
    private final java.util.concurrent.ConcurrentHashMap<Long, Long> arrivals = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile Throwable failure;

    WatchStream(String endpoint, String apiKey) {
        channel = ManagedChannelBuilder.forTarget(endpoint).usePlaintext().maxInboundMessageSize(16 << 20).build();
        WatchGrpc.WatchStub stub = WatchGrpc.newStub(channel);
        if (apiKey != null) {
            Metadata headers = new Metadata();
            headers.put(AUTHORIZATION, "Bearer " + apiKey);
            stub = stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
        }
        requests = stub.watch(new StreamObserver<>() {
            @Override
            public void onNext(WatchResponse value) {
                long now = System.nanoTime();
                value.getEventsList().forEach(e -> arrivals.putIfAbsent(e.getKv().getModRevision(), now));
                responses.add(value);
            }

            @Override
            public void onError(Throwable t) {
                failure = t;
            }

            @Override
            public void onCompleted() {
            }
        });
    }

    synchronized void create(WatchCreateRequest create) {
        requests.onNext(WatchRequest.newBuilder().setCreateRequest(create).build());
    }

    synchronized void cancel(long watchId) {
        requests.onNext(WatchRequest.newBuilder()
                .setCancelRequest(WatchCancelRequest.newBuilder().setWatchId(watchId)).build());
    }

    synchronized void requestProgress() {
        requests.onNext(WatchRequest.newBuilder().setProgressRequest(WatchProgressRequest.getDefaultInstance()).build());
    }

    /** The next response, failing the test after {@code seconds}. */
    WatchResponse next(long seconds) {
        try {
            WatchResponse r = responses.poll(seconds, TimeUnit.SECONDS);
            if (r == null) {
                throw new AssertionError("no watch response within " + seconds + " s" + (failure != null ? ": " + failure : ""));
            }
            return r;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Responses up to and including the first matching {@code until}. */
    List<WatchResponse> nextUntil(Predicate<WatchResponse> until, long seconds) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<WatchResponse> got = new ArrayList<>();
        while (true) {
            long left = TimeUnit.NANOSECONDS.toSeconds(deadline - System.nanoTime()) + 1;
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + seconds + " s; got " + got);
            }
            WatchResponse r = next(left);
            got.add(r);
            if (until.test(r)) {
                return got;
            }
        }
    }

    /** Nothing more arrives within {@code millis} (bounded wait, asserting absence). */
    WatchResponse poll(long millis) throws InterruptedException {
        return responses.poll(millis, TimeUnit.MILLISECONDS);
    }

    /** System.nanoTime() at which the first event of each revision arrived. */
    java.util.Map<Long, Long> arrivals() {
        return arrivals;
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
}
