package io.cairn.gateway;

import com.google.protobuf.ByteString;
import io.cairn.api.etcdserverpb.WatchCreateRequest;
import io.cairn.api.etcdserverpb.WatchRequest;
import io.cairn.api.etcdserverpb.WatchResponse;
import io.cairn.api.shard.KvErrorCode;
import io.cairn.gateway.concurrency.KeyWatch;
import io.cairn.gateway.watch.WatchSession;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A lock waiter's or election observer's watch: one in-process {@link WatchSession} of the
 * tenant (the same code clients' watches run, so it counts against the tenant's watch quota)
 * with one watch, its responses queued for the waiting thread.
 */
final class SessionKeyWatch implements KeyWatch {
    /** Queued once closed; compared by identity. */
    private static final WatchResponse CLOSED = WatchResponse.newBuilder().setWatchId(-2).build();

    private final LinkedBlockingQueue<WatchResponse> queue = new LinkedBlockingQueue<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final WatchSessions sessions;
    private final WatchSession session;

    SessionKeyWatch(WatchSessions sessions, TenantPrincipal tenant, ByteString key, ByteString rangeEnd, long start) {
        this.sessions = sessions;
        this.session = sessions.open(tenant, queue::add);
        session.onRequest(WatchRequest.newBuilder().setCreateRequest(WatchCreateRequest.newBuilder()
                .setKey(key).setRangeEnd(rangeEnd).setStartRevision(start)).build());
        // A session that ends by itself (the gateway stops, it failed) must wake the waiter too.
        Thread.ofVirtual().name("key-watch-end").start(this::closeWhenSessionEnds);
    }

    private void closeWhenSessionEnds() {
        try {
            session.awaitEnd();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        queue.add(CLOSED);
    }

    @Override
    public Optional<WatchResponse> next() throws InterruptedException {
        while (true) {
            WatchResponse response = queue.take();
            if (response == CLOSED) {
                queue.add(CLOSED);
                return Optional.empty();
            }
            if (response.getCanceled()) {
                close();
                if (response.getCompactRevision() != 0) {
                    throw GatewayException.kv(KvErrorCode.COMPACTED);
                }
                throw new GatewayException(new GatewayError.Unavailable(response.getCancelReason().isEmpty()
                        ? "cairn: watch cancelled" : response.getCancelReason()));
            }
            if (response.getEventsCount() > 0) {
                return Optional.of(response);
            }
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            sessions.closed(session);
            queue.add(CLOSED);
        }
    }
}
