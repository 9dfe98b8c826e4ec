package io.cairn.node.watch;

import io.cairn.api.mvccpb.Event;
import io.cairn.api.shard.ShardError;
import io.cairn.api.shard.ShardWatchRequest;
import io.cairn.api.shard.ShardWatchResponse;
import io.cairn.node.mvcc.MvccStore;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One shard watch stream: replays the revlog from the start revision, then, each time the
 * hub's safe revision moves and the client can take more, reads the events in
 * {@code [next, safe]} and sends them with {@code progress_revision = safe}. Holds no
 * events between reads, so a slow client costs no memory: it just reads more at once later.
 */
final class WatchPump implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(WatchPump.class);
    private static final long IDLE_WAIT_MILLIS = 1000;

    private final ShardWatchRequest request;
    private final MvccStore store;
    private final EventHub hub;
    private final ServerCallStreamObserver<ShardWatchResponse> out;
    private final long raftTerm;
    private final byte[] key;
    private final byte[] rangeEnd;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition woken = lock.newCondition();
    private boolean signaled = true;
    private volatile boolean cancelled;
    private volatile ShardError endWith;

    WatchPump(ShardWatchRequest request, MvccStore store, EventHub hub,
              ServerCallStreamObserver<ShardWatchResponse> out, long raftTerm) {
        this.request = request;
        this.store = store;
        this.hub = hub;
        this.out = out;
        this.raftTerm = raftTerm;
        this.key = request.getKey().toByteArray();
        this.rangeEnd = request.getRangeEnd().toByteArray();
    }

    ShardWatchRequest request() {
        return request;
    }

    long progressIntervalMillis() {
        return request.getProgressNotify() ? request.getProgressIntervalMs() : 0;
    }

    void wake() {
        lock.lock();
        try {
            signaled = true;
            woken.signal();
        } finally {
            lock.unlock();
        }
    }

    void cancel() {
        cancelled = true;
        wake();
    }

    void end(ShardError error) {
        if (endWith == null) {
            endWith = error;
        }
        wake();
    }

    @Override
    public void run() {
        try {
            pump();
        } catch (StatusRuntimeException e) {
            log.debug("watch stream closed: {}", e.getStatus());
        } catch (RuntimeException e) {
            log.warn("watch stream failed", e);
            finish(() -> out.onError(io.grpc.Status.INTERNAL.withDescription(String.valueOf(e)).asRuntimeException()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            hub.unsubscribe(this);
        }
    }

    private void pump() throws InterruptedException {
        long next = request.getStartRevision() > 0 ? request.getStartRevision() : hub.safeRevision() + 1;
        long reported = next - 1;
        if (compacted(next)) {
            return;
        }
        while (true) {
            awaitSignal();
            if (cancelled) {
                return;
            }
            if (endWith != null) {
                ShardError error = endWith;
                finish(() -> {
                    out.onNext(ShardWatchResponse.newBuilder().setError(error).build());
                    out.onCompleted();
                });
                return;
            }
            if (!out.isReady()) {
                continue;
            }
            long safe = hub.safeRevision();
            if (safe < next) {
                continue;
            }
            List<Event> events = store.events(key, rangeEnd, next, safe);
            if (endWith != null) {
                // Ended while reading: the hub ends a stream before the shard changes (a split
                // drops the keys that left), so this read may miss events or include entries
                // applied after the change. Send nothing of it; the loop ends the stream.
                continue;
            }
            if (compacted(next)) {
                return;
            }
            if (!events.isEmpty() || request.getProgressNotify() && safe > reported) {
                WatchBatches.send(events, safe, raftTerm, request.getPrevKv(), out::onNext);
                reported = safe;
            }
            next = safe + 1;
        }
    }

    /** The next revision to send is gone: tell the client the compaction revision and stop. */
    private boolean compacted(long next) {
        long compactRevision = store.compactRevision(key);
        if (next >= compactRevision) {
            return false;
        }
        finish(() -> {
            out.onNext(ShardWatchResponse.newBuilder().setCompactRevision(compactRevision).setRaftTerm(raftTerm).build());
            out.onCompleted();
        });
        return true;
    }

    private void awaitSignal() throws InterruptedException {
        lock.lock();
        try {
            while (!signaled && !cancelled) {
                woken.await(IDLE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
                if (out.isCancelled()) {
                    cancelled = true;
                }
            }
            signaled = false;
        } finally {
            lock.unlock();
        }
    }

    private void finish(Runnable closing) {
        if (cancelled) {
            return;
        }
        try {
            closing.run();
        } catch (StatusRuntimeException | IllegalStateException e) {
            log.debug("watch stream already closed: {}", e.toString());
        }
    }
}
