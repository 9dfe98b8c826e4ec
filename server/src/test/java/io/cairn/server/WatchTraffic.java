package io.cairn.server;

import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.cairn.api.etcdserverpb.DeleteRangeRequest;
import io.cairn.api.etcdserverpb.PutRequest;
import io.cairn.api.etcdserverpb.WatchCreateRequest;
import io.cairn.api.etcdserverpb.WatchResponse;
import io.cairn.testkit.watch.Violation;
import io.cairn.testkit.watch.WatchTarget;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Randomized concurrent puts and deletes under one prefix through a gateway, watched by several
 * etcd watch streams over the whole prefix, for the testkit's watch checker: "steady" watches
 * from its creation to the end; "resumed" is closed and watched again from the last revision it
 * saw + 1 whenever {@link #resume} is called; every watcher asks for progress at the end
 * (bookmarkable). Writes with an unknown outcome (a failure during a fault) make the history
 * incomplete, which the checker takes into account.
 */
final class WatchTraffic implements AutoCloseable {
    private final String endpoint;
    private final String apiKey;
    private final String prefix;
    private final WatchTarget target;
    private final WatchRecording rec = new WatchRecording();
    private final GrpcKv kv;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicInteger acknowledged = new AtomicInteger();
    private final AtomicInteger unknown = new AtomicInteger();
    private final List<Thread> writers = new ArrayList<>();
    private final Map<String, Watcher> watchers = new ConcurrentHashMap<>();

    /** One watcher's current stream and the last revision it delivered. */
    private final class Watcher {
        final String name;
        volatile WatchStream stream;
        volatile long lastRevision;
        final Thread reader;
        volatile boolean closing;

        Watcher(String name, long startRevision) {
            this.name = name;
            open(startRevision);
            this.reader = Thread.ofVirtual().name("watcher-" + name).start(this::read);
        }

        private void open(long startRevision) {
            WatchStream s = new WatchStream(endpoint, apiKey);
            WatchCreateRequest.Builder create = WatchCreateRequest.newBuilder().setKey(ByteString.copyFromUtf8(prefix))
                    .setRangeEnd(ByteString.copyFromUtf8(WatchEndToEndIT.prefixEnd(prefix)));
            if (startRevision > 0) {
                create.setStartRevision(startRevision);
            }
            s.create(create.build());
            WatchResponse created = s.next(30);
            if (!created.getCreated() || created.getCanceled()) {
                throw new AssertionError("watch not created: " + created);
            }
            rec.startSession(name, target, startRevision > 0 ? startRevision : created.getHeader().getRevision() + 1);
            stream = s;
        }

        private void read() {
            while (!closing) {
                WatchStream s = stream;
                WatchResponse r;
                try {
                    r = s.poll(200);
                } catch (InterruptedException e) {
                    return;
                }
                if (r == null) {
                    continue;
                }
                synchronized (this) {
                    // checked under the lock resume() holds while it swaps streams: a response
                    // polled from the old stream during a resume belongs to the old session, whose
                    // last revision the new one already started after
                    if (s != stream) {
                        continue;
                    }
                    rec.received(name, r);
                    r.getEventsList().forEach(e -> lastRevision = Math.max(lastRevision, e.getKv().getModRevision()));
                }
            }
        }

        /** Closes the stream and watches again from the last revision delivered + 1. */
        synchronized void resume() throws InterruptedException {
            WatchStream old = stream;
            old.close();
            long from = lastRevision + 1;
            open(from);
        }
    }

    WatchTraffic(String endpoint, String apiKey, String prefix) {
        this.endpoint = endpoint;
        this.apiKey = apiKey;
        this.prefix = prefix;
        this.target = new WatchTarget.Prefix(prefix);
        this.kv = new GrpcKv(endpoint, apiKey);
    }

    void startWatchers() {
        watchers.put("steady", new Watcher("steady", 0));
        watchers.put("resumed", new Watcher("resumed", 0));
    }

    void startWriters(int count) {
        for (int w = 0; w < count; w++) {
            writers.add(Thread.ofVirtual().name("writer-" + w).start(this::write));
        }
    }

    private void write() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (!stop.get()) {
            String key = prefix + (char) ('a' + random.nextInt(26)) + "/" + random.nextInt(4);
            try {
                if (random.nextInt(5) == 0) {
                    var deleted = kv.kv.withDeadlineAfter(5, TimeUnit.SECONDS).deleteRange(
                            DeleteRangeRequest.newBuilder().setKey(ByteString.copyFromUtf8(key)).build());
                    if (deleted.getDeleted() > 0) {
                        rec.delete(key, deleted.getHeader().getRevision());
                    }
                } else {
                    String value = key + "@" + System.nanoTime();
                    long revision = kv.kv.withDeadlineAfter(5, TimeUnit.SECONDS).put(PutRequest.newBuilder()
                            .setKey(ByteString.copyFromUtf8(key)).setValue(ByteString.copyFromUtf8(value)).build())
                            .getHeader().getRevision();
                    rec.put(key, value, revision);
                }
                acknowledged.incrementAndGet();
            } catch (StatusRuntimeException e) {
                unknown.incrementAndGet();
                try {
                    Thread.sleep(50);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    int acknowledged() {
        return acknowledged.get();
    }

    int unknownOutcomes() {
        return unknown.get();
    }

    /** Waits for {@code more} acknowledged writes from now on. */
    void awaitProgress(int more, Duration atMost) {
        int from = acknowledged();
        await().atMost(atMost).until(() -> acknowledged() >= from + more);
    }

    void resume() throws InterruptedException {
        watchers.get("resumed").resume();
    }

    /**
     * Stops the writers, writes a last key, waits until every watcher delivered it, asks each for
     * progress, and checks everything recorded. Returns the violations (empty when all hold).
     */
    List<Violation> finish(Duration atMost) throws InterruptedException {
        stop.set(true);
        for (Thread writer : writers) {
            writer.join(TimeUnit.SECONDS.toMillis(30));
        }
        String lastKey = prefix + "zz-last";
        long last = kv.kv().put(PutRequest.newBuilder().setKey(ByteString.copyFromUtf8(lastKey))
                .setValue(ByteString.copyFromUtf8("last")).build()).getHeader().getRevision();
        rec.put(lastKey, "last", last);
        try {
            await("every watcher delivered the last write").atMost(atMost)
                    .until(() -> watchers.values().stream().allMatch(w -> w.lastRevision >= last));
        } catch (ConditionTimeoutException e) {
            List<Violation> found = rec.check(unknownOutcomes() == 0);
            throw new AssertionError("watchers stuck before revision " + last + " (last delivered: "
                    + watchers.values().stream().map(w -> w.name + "=" + w.lastRevision).toList() + "); "
                    + found.size() + " violations so far, first: " + found.stream().limit(10).toList(), e);
        }
        watchers.values().forEach(w -> w.stream.requestProgress());
        await("every watcher answered the progress request").atMost(atMost).pollInterval(Duration.ofMillis(100))
                .until(() -> rec.progressSeen(watchers.keySet(), last));
        return rec.check(unknownOutcomes() == 0);
    }

    int recordedWrites() {
        return rec.writes();
    }

    @Override
    public void close() throws InterruptedException {
        stop.set(true);
        for (Watcher w : watchers.values()) {
            w.closing = true;
            w.reader.join(5_000);
            w.stream.close();
        }
        kv.close();
    }
}
