package io.cairn.testkit.robustness;

import com.google.protobuf.ByteString;
import io.cairn.api.etcdserverpb.WatchCreateRequest;
import io.cairn.api.etcdserverpb.WatchGrpc;
import io.cairn.api.etcdserverpb.WatchProgressRequest;
import io.cairn.api.etcdserverpb.WatchRequest;
import io.cairn.api.mvccpb.Event;
import io.cairn.testkit.watch.WatchEvent;
import io.cairn.testkit.watch.WatchRecorder;
import io.cairn.testkit.watch.WatchResponse;
import io.cairn.testkit.watch.WatchTarget;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One watcher on the traffic's whole key set from revision 1, recording every response. A broken
 * stream is resumed at the revision after the last event seen (a new session). If the server does
 * not serve Watch ({@code UNIMPLEMENTED}) the watcher stops and says so.
 */
final class Watcher implements AutoCloseable {
    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    static final String ID = "w0";

    private final ManagedChannel channel;
    private final WatchGrpc.WatchStub stub;
    private final WatchRecorder recorder = new WatchRecorder();
    private final KeySpace keys;
    private final WatchTarget target;
    private volatile StreamObserver<io.cairn.api.etcdserverpb.WatchRequest> requests;
    private volatile boolean unimplemented;
    private volatile boolean closed;
    private volatile long lastRevision;
    private volatile long progressRevision;

    Watcher(int port, String apiKey, KeySpace keys) {
        this.channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
        WatchGrpc.WatchStub s = WatchGrpc.newStub(channel);
        if (apiKey != null && !apiKey.isEmpty()) {
            Metadata headers = new Metadata();
            headers.put(AUTHORIZATION, "Bearer " + apiKey);
            s = s.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
        }
        this.stub = s;
        this.keys = keys;
        this.target = new WatchTarget.Prefix(keys.root());
    }

    synchronized void start() {
        if (closed || unimplemented) {
            return;
        }
        long from = lastRevision + 1;
        recorder.startSession(ID, target, from);
        requests = stub.watch(new Responses());
        requests.onNext(WatchRequest.newBuilder().setCreateRequest(WatchCreateRequest.newBuilder()
                .setKey(ByteString.copyFromUtf8(keys.root()))
                .setRangeEnd(ByteString.copyFromUtf8(EtcdKv.prefixEnd(keys.root())))
                .setStartRevision(from).setProgressNotify(true)).build());
    }

    boolean unimplemented() {
        return unimplemented;
    }

    WatchRecorder recorder() {
        return recorder;
    }

    /** Waits (bounded) until the watcher has seen everything up to {@code revision}; false if it has not. */
    boolean awaitRevision(long revision, long timeoutMillis) throws InterruptedException {
        long end = System.nanoTime() + timeoutMillis * 1_000_000;
        while (Math.max(lastRevision, progressRevision) < revision && System.nanoTime() < end && !unimplemented) {
            StreamObserver<WatchRequest> r = requests;
            if (r != null) {
                synchronized (this) {
                    r.onNext(WatchRequest.newBuilder().setProgressRequest(WatchProgressRequest.getDefaultInstance())
                            .build());
                }
            }
            Thread.sleep(200);
        }
        return Math.max(lastRevision, progressRevision) >= revision;
    }

    private final class Responses implements StreamObserver<io.cairn.api.etcdserverpb.WatchResponse> {
        @Override
        public void onNext(io.cairn.api.etcdserverpb.WatchResponse r) {
            if (r.getCreated() && r.getEventsCount() == 0) {
                return;
            }
            List<WatchEvent> events = r.getEventsList().stream().map(Watcher::event).toList();
            boolean progress = events.isEmpty() && !r.getCanceled();
            recorder.received(ID, new WatchResponse(r.getHeader().getRevision(), events, progress, r.getCanceled(),
                    r.getCompactRevision()));
            events.forEach(e -> lastRevision = Math.max(lastRevision, e.modRevision()));
            if (progress) {
                progressRevision = Math.max(progressRevision, r.getHeader().getRevision());
            }
        }

        @Override
        public void onError(Throwable t) {
            if (Status.fromThrowable(t).getCode() == Status.Code.UNIMPLEMENTED) {
                unimplemented = true;
                return;
            }
            resumeLater();
        }

        @Override
        public void onCompleted() {
            resumeLater();
        }
    }

    private void resumeLater() {
        if (!closed) {
            Thread.ofVirtual().start(() -> {
                try {
                    Thread.sleep(200);
                    start();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
    }

    private static WatchEvent event(Event e) {
        String key = e.getKv().getKey().toStringUtf8();
        return e.getType() == Event.EventType.DELETE ? WatchEvent.delete(key, e.getKv().getModRevision())
                : WatchEvent.put(key, e.getKv().getValue().toStringUtf8(), e.getKv().getModRevision());
    }

    @Override
    public void close() {
        closed = true;
        channel.shutdownNow();
        try {
            channel.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
