package io.cairn.gateway.watch;

import com.google.protobuf.ByteString;
import io.cairn.api.etcdserverpb.WatchCreateRequest;
import io.cairn.api.etcdserverpb.WatchRequest;
import io.cairn.api.etcdserverpb.WatchResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client watch stream (etcd's {@code serverWatchStream}) of one tenant: many watches,
 * created, cancelled and asked for progress by the client's requests. Everything of a
 * session runs on its own virtual thread, in order: client requests, node stream messages,
 * timers. Watch ids live here, so a tenant can neither see nor cancel another's watches.
 */
public final class WatchSession implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WatchSession.class);
    static final String DUPLICATE_ID = "mvcc: duplicate watch ID provided on the WatchStream";
    static final String EMPTY_RANGE = "mvcc: watcher range is empty";

    private final long tenantId;
    private final TenantRange tenant;
    private final WatchBackend backend;
    private final WatchSettings settings;
    private final WatchQuota quota;
    private final WatchSink sink;
    private final LinkedBlockingQueue<Runnable> inbox = new LinkedBlockingQueue<>();
    private final Map<Long, TenantWatch> watches = new HashMap<>();
    private final List<Long> progressWaiting = new ArrayList<>();
    private final CountDownLatch ended = new CountDownLatch(1);
    private final ScheduledFuture<?> progressNotify;
    private long nextId;
    private volatile boolean closed;

    public WatchSession(long tenantId, WatchBackend backend, WatchSettings settings, WatchQuota quota, WatchSink sink) {
        this.tenantId = tenantId;
        this.tenant = TenantRange.of(tenantId);
        this.backend = backend;
        this.settings = settings;
        this.quota = quota;
        this.sink = sink;
        Thread.ofVirtual().name("watch-session-" + Long.toUnsignedString(tenantId)).start(this::run);
        long every = settings.progressNotifyInterval().toMillis();
        this.progressNotify = WatchTimers.every(() -> execute(this::progressTick), every, TimeUnit.MILLISECONDS);
    }

    /** A request from the client; handled in order on the session's thread. */
    public void onRequest(WatchRequest request) {
        execute(() -> handle(request));
    }

    /** Blocks until the session has ended (the client left or {@link #close()} was called). */
    public void awaitEnd() throws InterruptedException {
        ended.await();
    }

    @Override
    public void close() {
        execute(this::end);
    }

    /** Ends the session, then runs {@code afterwards} on the session's thread (e.g. completes the stream). */
    public void closeThen(Runnable afterwards) {
        execute(() -> {
            end();
            afterwards.run();
        });
    }

    WatchBackend backend() {
        return backend;
    }

    WatchSettings settings() {
        return settings;
    }

    Executor executor() {
        return this::execute;
    }

    private void execute(Runnable task) {
        if (!closed) {
            inbox.add(task);
        }
    }

    private void run() {
        try {
            while (!closed) {
                Runnable task = inbox.take();
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.error("watch session of tenant {} failed; closing it", Long.toUnsignedString(tenantId), e);
                    end();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            end();
        }
    }

    private void handle(WatchRequest request) {
        switch (request.getRequestUnionCase()) {
            case CREATE_REQUEST -> create(request.getCreateRequest());
            case CANCEL_REQUEST -> cancel(request.getCancelRequest().getWatchId());
            case PROGRESS_REQUEST -> requestProgress();
            case REQUESTUNION_NOT_SET -> LOG.debug("empty watch request ignored");
        }
    }

    private void create(WatchCreateRequest create) {
        ByteString userKey = create.getKey().isEmpty() ? ByteString.copyFrom(new byte[] {0}) : create.getKey();
        ByteString userEnd = create.getRangeEnd();
        boolean toEnd = userEnd.size() == 1 && userEnd.byteAt(0) == 0;
        if (!userEnd.isEmpty() && !toEnd
                && ByteString.unsignedLexicographicalComparator().compare(userKey, userEnd) >= 0) {
            refuse(EMPTY_RANGE);
            return;
        }
        long id = create.getWatchId();
        if (id != 0 && watches.containsKey(id)) {
            refuse(DUPLICATE_ID);
            return;
        }
        if (watches.size() >= settings.maxWatchesPerStream()) {
            refuse("cairn: too many watches on this stream (at most " + settings.maxWatchesPerStream() + ")");
            return;
        }
        if (!quota.tryAcquire(tenantId)) {
            refuse("cairn: too many watches for this tenant (at most " + settings.maxWatchesPerTenant() + ")");
            return;
        }
        long now;
        try {
            now = backend.currentRevision();
        } catch (RuntimeException e) {
            quota.release(tenantId);
            refuse("cairn: cannot create the watch now: " + e.getMessage());
            return;
        }
        if (id == 0) {
            while (watches.containsKey(nextId)) {
                nextId++;
            }
            id = nextId++;
        }
        long start = create.getStartRevision() > 0 ? create.getStartRevision() : now + 1;
        TenantWatch.WatchSpec spec = new TenantWatch.WatchSpec(tenant, tenant.key(userKey), tenant.rangeEnd(userEnd),
                EventFilter.of(create), create.getPrevKv(), create.getFragment(), create.getProgressNotify());
        TenantWatch watch = new TenantWatch(id, spec, start, now, this);
        watches.put(id, watch);
        send(WatchResponse.newBuilder().setHeader(backend.header(now)).setWatchId(id).setCreated(true).build());
        watch.start();
    }

    /** etcd answers a create it cannot serve with a created-and-cancelled response, watch id -1. */
    private void refuse(String reason) {
        send(WatchResponse.newBuilder().setHeader(backend.header(0)).setWatchId(-1)
                .setCreated(true).setCanceled(true).setCancelReason(reason).build());
    }

    private void cancel(long id) {
        TenantWatch watch = watches.remove(id);
        if (watch == null) {
            return;
        }
        watch.close();
        quota.release(tenantId);
        send(WatchResponse.newBuilder().setHeader(backend.header(watch.safeRevision()))
                .setWatchId(id).setCanceled(true).build());
        progressMayBeReady();
    }

    /** A feed's start revision is below the compaction revision: etcd cancels the watch with it. */
    void compacted(TenantWatch watch, long compactRevision) {
        if (watches.remove(watch.id()) == null) {
            return;
        }
        watch.close();
        quota.release(tenantId);
        send(WatchResponse.newBuilder().setHeader(backend.header(watch.safeRevision())).setWatchId(watch.id())
                .setCanceled(true).setCompactRevision(compactRevision).build());
        progressMayBeReady();
    }

    /**
     * On-demand progress (etcd's WatchProgressRequest): takes a fresh revision T and answers,
     * with watch id -1 and header revision T, once every watch has sent all its events up to T.
     */
    private void requestProgress() {
        try {
            progressWaiting.add(backend.currentRevision());
        } catch (RuntimeException e) {
            LOG.debug("progress request dropped: {}", e.toString());
            return;
        }
        progressMayBeReady();
    }

    void progressMayBeReady() {
        if (progressWaiting.isEmpty()) {
            return;
        }
        long safe = watches.values().stream().mapToLong(TenantWatch::safeRevision).min().orElse(Long.MAX_VALUE);
        for (Iterator<Long> it = progressWaiting.iterator(); it.hasNext(); ) {
            long wanted = it.next();
            if (safe >= wanted) {
                it.remove();
                send(WatchResponse.newBuilder().setHeader(backend.header(wanted)).setWatchId(-1).build());
            }
        }
    }

    private void progressTick() {
        List.copyOf(watches.values()).forEach(TenantWatch::progressTick);
    }

    void send(WatchResponse response) {
        if (closed) {
            return;
        }
        try {
            sink.send(response);
        } catch (RuntimeException e) {
            LOG.debug("watch client gone: {}", e.toString());
            end();
        }
    }

    private void end() {
        if (closed) {
            return;
        }
        closed = true;
        progressNotify.cancel(false);
        watches.values().forEach(w -> {
            w.close();
            quota.release(tenantId);
        });
        watches.clear();
        inbox.clear();
        inbox.add(() -> { });
        ended.countDown();
    }
}
