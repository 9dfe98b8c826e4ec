package io.cairn.node.watch;

import io.cairn.api.shard.ShardError;
import io.cairn.api.shard.ShardWatchRequest;
import io.cairn.api.shard.ShardWatchResponse;
import io.cairn.node.mvcc.MvccStore;
import io.grpc.stub.ServerCallStreamObserver;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The watch streams of one shard replica and its <em>safe revision</em>: every event of
 * the shard at or below it is applied here, and none can appear later.
 *
 * <p>The state machine reports each applied revision ({@link #applied}); since a shard
 * proposes its writes in revision order and apply rejects a revision that is not above the
 * current one, the applied revision is safe. While streams are open, a periodic
 * {@link ProgressBarrier} moves it forward through revisions other shards took, so a
 * gateway merging several shards can tell that an idle shard has nothing below a revision.
 *
 * <p>Events are never buffered per stream: each stream's {@link WatchPump} re-reads the
 * MVCC revlog from its next revision up to the safe revision when it is woken and its
 * client can take more. A slow consumer simply falls behind and catches up from the revlog
 * (etcd's unsynced watchers) and is cancelled with the compaction revision only if
 * compaction passes it.
 */
public final class EventHub implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EventHub.class);
    /** Progress period when no stream asks for one. */
    static final Duration DEFAULT_PROGRESS_INTERVAL = Duration.ofMillis(500);
    private static final Duration MIN_PROGRESS_INTERVAL = Duration.ofMillis(10);
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("cairn-watch-progress").factory());

    private final long shardId;
    private final MvccStore store;
    private final ProgressBarrier barrier;
    private final AtomicLong safe = new AtomicLong();
    private final Set<WatchPump> pumps = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean barrierInFlight = new AtomicBoolean();
    private final Object tickLock = new Object();
    private ScheduledFuture<?> tick;
    private long tickMillis;
    private volatile boolean closed;

    public EventHub(long shardId, MvccStore store, ProgressBarrier barrier) {
        this.shardId = shardId;
        this.store = store;
        this.barrier = barrier;
    }

    /** Called by the state machine after each applied entry, with the store's current revision. */
    public void applied(long revision) {
        advance(revision);
    }

    /** Opens a stream for {@code request}; the pump runs on its own virtual thread. */
    public void subscribe(ShardWatchRequest request, ServerCallStreamObserver<ShardWatchResponse> out, long raftTerm) {
        advance(store.currentRevision());
        WatchPump pump = new WatchPump(request, store, this, out, raftTerm);
        if (closed) {
            pump.end(ShardErrorsForWatch.closed(shardId));
        }
        pumps.add(pump);
        out.setOnCancelHandler(pump::cancel);
        out.setOnReadyHandler(pump::wake);
        Thread.ofVirtual().name("watch-shard-" + shardId).start(pump);
        reschedule();
    }

    long safeRevision() {
        return safe.get();
    }

    void unsubscribe(WatchPump pump) {
        pumps.remove(pump);
        reschedule();
    }

    /** Ends every stream with {@code error} (the replica stopped leading, the epoch changed). */
    public void endAll(ShardError error) {
        pumps.forEach(p -> p.end(error));
    }

    /**
     * Ends the streams whose request no longer fits the shard (opened at an older epoch, or over
     * keys that left it in a split) with {@code error}. Called after the shard's descriptor
     * changed and before any later entry is applied, so such a stream never reports progress
     * past the change: the gateway resumes it on the shards holding its range now.
     */
    public void endIf(Predicate<ShardWatchRequest> stale, ShardError error) {
        pumps.stream().filter(p -> stale.test(p.request())).forEach(p -> p.end(error));
    }

    /** The replica stopped leading: its streams end at once (the gateway asks the routes again). */
    public void leaderStopped() {
        endAll(ShardErrorsForWatch.closed(shardId));
    }

    /** Number of open streams (for tests and stats). */
    public int streams() {
        return pumps.size();
    }

    private void advance(long revision) {
        long before = safe.getAndAccumulate(revision, Math::max);
        if (revision > before) {
            pumps.forEach(WatchPump::wake);
        }
    }

    private void reschedule() {
        synchronized (tickLock) {
            long wanted = pumps.stream().mapToLong(WatchPump::progressIntervalMillis)
                    .filter(ms -> ms > 0).min().orElse(DEFAULT_PROGRESS_INTERVAL.toMillis());
            wanted = Math.max(wanted, MIN_PROGRESS_INTERVAL.toMillis());
            boolean running = tick != null;
            if (pumps.isEmpty() || closed) {
                if (running) {
                    tick.cancel(false);
                    tick = null;
                }
                return;
            }
            if (running && wanted == tickMillis) {
                return;
            }
            if (running) {
                tick.cancel(false);
            }
            tickMillis = wanted;
            tick = TIMER.scheduleWithFixedDelay(this::tick, wanted, wanted, TimeUnit.MILLISECONDS);
        }
    }

    private void tick() {
        if (!barrierInFlight.compareAndSet(false, true)) {
            return;
        }
        CompletableFuture<Long> next;
        try {
            next = barrier.safeRevision();
        } catch (RuntimeException e) {
            next = CompletableFuture.failedFuture(e);
        }
        next.whenComplete((revision, error) -> {
            barrierInFlight.set(false);
            if (error == null) {
                advance(revision);
                return;
            }
            Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                    ? error.getCause() : error;
            if (cause instanceof WatchEndedException ended) {
                endAll(ended.error());
            } else {
                log.debug("shard {}: watch progress barrier failed: {}", shardId, cause.toString());
            }
        });
    }

    @Override
    public void close() {
        closed = true;
        endAll(ShardErrorsForWatch.closed(shardId));
        reschedule();
    }
}
