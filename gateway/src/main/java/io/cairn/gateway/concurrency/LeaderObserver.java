package io.cairn.gateway.concurrency;

import com.google.protobuf.ByteString;
import io.cairn.api.etcdserverpb.RangeResponse;
import io.cairn.api.etcdserverpb.ResponseHeader;
import io.cairn.api.etcdserverpb.WatchResponse;
import io.cairn.api.mvccpb.Event;
import io.cairn.api.mvccpb.KeyValue;
import io.cairn.api.v3electionpb.LeaderResponse;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * etcd's {@code Election.observe}: reads the oldest key under the prefix (or waits for the
 * first put), sends it, then sends each new value of that key until it is deleted, and
 * starts over with the next leader. Like etcd's, it simply ends when a read or watch fails.
 */
final class LeaderObserver {
    private static final Logger LOG = LoggerFactory.getLogger(LeaderObserver.class);

    private final TenantStore store;
    private final ByteString prefix;
    private final Cancellation cancel;
    private final Consumer<LeaderResponse> sink;

    LeaderObserver(TenantStore store, ByteString prefix, Cancellation cancel, Consumer<LeaderResponse> sink) {
        this.store = store;
        this.prefix = prefix;
        this.cancel = cancel;
        this.sink = sink;
    }

    void run() {
        try {
            while (!cancel.isCancelled()) {
                LeaderResponse leader = currentOrFirst();
                if (leader == null) {
                    return;
                }
                sink.accept(leader);
                if (!followUntilDeleted(leader)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.info("election observer on {} ended: {}", prefix.toStringUtf8(), e.toString());
        }
    }

    /** The leader now, or the first key put under the prefix; null when the watch closed. */
    private LeaderResponse currentOrFirst() throws InterruptedException {
        RangeResponse now = store.range(Recipes.firstCreated(prefix));
        if (now.getKvsCount() > 0) {
            return LeaderResponse.newBuilder().setHeader(now.getHeader()).setKv(now.getKvs(0)).build();
        }
        try (KeyWatch watch = store.watch(prefix, Recipes.prefixEnd(prefix), now.getHeader().getRevision());
             Cancellation.Registration wake = cancel.onCancel(watch::close)) {
            while (true) {
                Optional<WatchResponse> next = watch.next();
                if (next.isEmpty()) {
                    return null;
                }
                for (Event event : next.get().getEventsList()) {
                    if (event.getType() == Event.EventType.PUT) {
                        KeyValue kv = event.getKv();
                        ResponseHeader header = next.get().getHeader().toBuilder().setRevision(kv.getModRevision()).build();
                        return LeaderResponse.newBuilder().setHeader(header).setKv(kv).build();
                    }
                }
            }
        }
    }

    /** Sends each new value of the leader's key; true once it is deleted, false when the watch closed. */
    private boolean followUntilDeleted(LeaderResponse leader) throws InterruptedException {
        try (KeyWatch watch = store.watch(leader.getKv().getKey(), ByteString.EMPTY, leader.getHeader().getRevision() + 1);
             Cancellation.Registration wake = cancel.onCancel(watch::close)) {
            while (true) {
                Optional<WatchResponse> next = watch.next();
                if (next.isEmpty()) {
                    return false;
                }
                for (Event event : next.get().getEventsList()) {
                    if (event.getType() == Event.EventType.DELETE) {
                        return true;
                    }
                    sink.accept(LeaderResponse.newBuilder().setHeader(next.get().getHeader()).setKv(event.getKv()).build());
                }
            }
        }
    }
}
