package io.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.cairn.api.etcdserverpb.PutRequest;
import io.cairn.api.etcdserverpb.RequestOp;
import io.cairn.api.etcdserverpb.TxnRequest;
import io.cairn.api.etcdserverpb.TxnResponse;
import io.cairn.api.etcdserverpb.WatchCreateRequest;
import io.cairn.api.etcdserverpb.WatchResponse;
import io.cairn.api.mvccpb.Event;
import io.cairn.testkit.CairnDevProcess;
import io.cairn.testkit.Etcdctl;
import io.cairn.testkit.watch.WatchTarget;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** etcd's Watch through the gateway of a real {@code cairn dev}: the real etcdctl and generated stubs. */
class WatchEndToEndIT {
    @TempDir
    static Path tmp;
    static CairnDevProcess dev;
    static Etcdctl etcdctl;
    static GrpcKv kv;

    @BeforeAll
    static void start() {
        dev = CairnDevProcess.start(tmp.resolve("data"), "--watch-progress-notify-interval-ms", "500");
        etcdctl = new Etcdctl(dev.endpoint());
        kv = new GrpcKv(dev.endpoint(), null);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (kv != null) {
            kv.close();
        }
        if (dev != null) {
            dev.close();
        }
    }

    static long put(String key, String value) {
        return kv.kv().put(PutRequest.newBuilder().setKey(bytes(key)).setValue(bytes(value)).build())
                .getHeader().getRevision();
    }

    static ByteString bytes(String s) {
        return ByteString.copyFromUtf8(s);
    }

    static WatchCreateRequest.Builder prefix(String prefix) {
        return WatchCreateRequest.newBuilder().setKey(bytes(prefix)).setRangeEnd(bytes(prefixEnd(prefix)));
    }

    static String prefixEnd(String prefix) {
        char[] chars = prefix.toCharArray();
        chars[chars.length - 1]++;
        return new String(chars);
    }

    @Test
    void etcdctlWatchPrefixPrintsPutsAndDeletes() throws Exception {
        try (EtcdctlWatch watch = new EtcdctlWatch(dev.endpoint(), List.of(), "--prefix", "config/")) {
            // etcdctl prints nothing on creation: retry a first put until the watcher is there.
            long deadline = System.nanoTime() + 20_000_000_000L;
            List<String> first = null;
            for (int i = 0; first == null; i++) {
                etcdctl.run("put", "config/probe", "p" + i);
                try {
                    first = watch.take(3, 1);
                } catch (AssertionError e) {
                    if (System.nanoTime() > deadline) {
                        throw e;
                    }
                }
            }
            assertThat(first.get(0)).isEqualTo("PUT");
            etcdctl.run("put", "config/db", "url1");
            etcdctl.run("put", "other", "x");
            etcdctl.run("del", "config/db");
            List<String> lines = watch.take(5, 20);
            List<String> tail = lines.subList(lines.size() - 5, lines.size());
            assertThat(tail).containsExactly("PUT", "config/db", "url1", "DELETE", "config/db");
        }
    }

    @Test
    void etcdctlWatchFromARevisionReplaysHistory() throws Exception {
        long first = put("hist/a", "1");
        put("hist/a", "2");
        put("hist/b", "3");
        try (EtcdctlWatch watch = new EtcdctlWatch(dev.endpoint(), List.of(), "--prefix", "hist/", "--rev=" + first)) {
            assertThat(watch.take(9, 20)).containsExactly(
                    "PUT", "hist/a", "1", "PUT", "hist/a", "2", "PUT", "hist/b", "3");
        }
    }

    @Test
    void concurrentWritersAreSeenOrderedUniqueAtomicAndWithoutGaps() throws Exception {
        WatchRecording rec = new WatchRecording();
        try (WatchStream stream = new WatchStream(dev.endpoint(), null)) {
            stream.create(prefix("conc/").setPrevKv(true).build());
            WatchResponse created = stream.next(10);
            assertThat(created.getCreated()).isTrue();
            rec.startSession("w", new WatchTarget.Prefix("conc/"), created.getHeader().getRevision() + 1);
            ExecutorService writers = Executors.newFixedThreadPool(4);
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                int writer = w;
                done.add(writers.submit(() -> {
                    for (int i = 0; i < 60; i++) {
                        String key = "conc/" + writer + "/" + (i % 7);
                        String value = writer + "-" + i;
                        rec.put(key, value, put(key, value));
                    }
                }));
            }
            TxnRequest.Builder txn = TxnRequest.newBuilder();
            for (int i = 0; i < 5; i++) {
                txn.addSuccess(RequestOp.newBuilder().setRequestPut(
                        PutRequest.newBuilder().setKey(bytes("conc/txn/" + i)).setValue(bytes("t" + i))));
            }
            TxnResponse txnResponse = kv.kv().txn(txn.build());
            long txnRevision = txnResponse.getHeader().getRevision();
            for (int i = 0; i < 5; i++) {
                rec.put("conc/txn/" + i, "t" + i, txnRevision);
            }
            for (Future<?> f : done) {
                f.get();
            }
            writers.shutdown();
            long last = put("conc/zz-last", "end");
            rec.put("conc/zz-last", "end", last);
            List<WatchResponse> got = stream.nextUntil(r -> r.getEventsList().stream()
                    .anyMatch(e -> e.getKv().getModRevision() == last), 30);
            got.forEach(r -> rec.received("w", r));
            assertThat(rec.check()).isEmpty();
            long txnResponses = got.stream().filter(r -> r.getEventsList().stream()
                    .anyMatch(e -> e.getKv().getModRevision() == txnRevision)).count();
            assertThat(txnResponses).isEqualTo(1);
            assertThat(got.stream().flatMap(r -> r.getEventsList().stream())
                    .filter(e -> e.getKv().getModRevision() == txnRevision)).hasSize(5);
        }
    }

    @Test
    void aWatcherResumesFromTheLastRevisionItSawWithoutLossOrDuplicates() throws Exception {
        long start = put("resume/k", "0");
        List<Long> seen = new ArrayList<>();
        long lastSeen;
        try (WatchStream stream = new WatchStream(dev.endpoint(), null)) {
            stream.create(prefix("resume/").setStartRevision(start).build());
            assertThat(stream.next(10).getCreated()).isTrue();
            long second = put("resume/k", "1");
            stream.nextUntil(r -> r.getEventsList().stream().anyMatch(e -> e.getKv().getModRevision() == second), 20)
                    .forEach(r -> r.getEventsList().forEach(e -> seen.add(e.getKv().getModRevision())));
            lastSeen = seen.getLast();
        }
        List<Long> missed = new ArrayList<>();
        for (int i = 2; i < 6; i++) {
            missed.add(put("resume/k", Integer.toString(i)));
        }
        try (WatchStream stream = new WatchStream(dev.endpoint(), null)) {
            stream.create(prefix("resume/").setStartRevision(lastSeen + 1).build());
            assertThat(stream.next(10).getCreated()).isTrue();
            List<Long> replayed = new ArrayList<>();
            stream.nextUntil(r -> r.getEventsList().stream().anyMatch(e -> e.getKv().getModRevision() == missed.getLast()), 20)
                    .forEach(r -> r.getEventsList().forEach(e -> replayed.add(e.getKv().getModRevision())));
            assertThat(replayed).isEqualTo(missed);
        }
        assertThat(seen).containsExactly(start, seen.getLast());
    }

    @Test
    void aWatchFromACompactedRevisionIsCancelledWithTheCompactRevision() throws Exception {
        long first = put("compacted/k", "1");
        long second = put("compacted/k", "2");
        assertThat(etcdctl.run("compaction", Long.toString(second)).ok()).isTrue();
        try (WatchStream stream = new WatchStream(dev.endpoint(), null)) {
            stream.create(prefix("compacted/").setStartRevision(first).build());
            assertThat(stream.next(10).getCreated()).isTrue();
            WatchResponse cancelled = stream.next(10);
            assertThat(cancelled.getCanceled()).isTrue();
            assertThat(cancelled.getCompactRevision()).isEqualTo(second);
            stream.create(prefix("compacted/").setStartRevision(second).build());
            assertThat(stream.next(10).getCreated()).isTrue();
            WatchResponse events = stream.next(10);
            assertThat(events.getEventsList()).extracting(e -> e.getKv().getModRevision()).containsExactly(second);
        }
        Etcdctl.Result watched = etcdctl.run("watch", "compacted/k", "--rev=" + first);
        assertThat(watched.stdout() + watched.stderr()).contains("required revision has been compacted");
    }

    @Test
    void progressNotificationsPeriodicAndOnRequestNeverOvertakeEvents() throws Exception {
        try (WatchStream stream = new WatchStream(dev.endpoint(), null)) {
            stream.create(prefix("progress/").setProgressNotify(true).build());
            WatchResponse created = stream.next(10);
            long written = put("progress/a", "1");
            List<WatchResponse> got = stream.nextUntil(r -> r.getEventsCount() == 0 && !r.getCreated()
                    && r.getHeader().getRevision() >= written, 20);
            assertThat(got.stream().flatMap(r -> r.getEventsList().stream()).map(e -> e.getKv().getModRevision()))
                    .containsExactly(written);
            assertThat(got.getLast().getWatchId()).isEqualTo(created.getWatchId());
            long later = put("other-prefix/x", "1");
            stream.requestProgress();
            WatchResponse progress = stream.nextUntil(r -> r.getWatchId() == -1, 20).getLast();
            assertThat(progress.getEventsCount()).isZero();
            assertThat(progress.getHeader().getRevision()).isGreaterThan(later);
        }
    }

    @Test
    void filtersPrevKvCancelAndDuplicateIds() throws Exception {
        put("filters/k", "old");
        try (WatchStream stream = new WatchStream(dev.endpoint(), null)) {
            stream.create(prefix("filters/").setWatchId(7).setPrevKv(true)
                    .addFilters(WatchCreateRequest.FilterType.NOPUT).build());
            assertThat(stream.next(10).getWatchId()).isEqualTo(7);
            stream.create(prefix("filters/").setWatchId(7).build());
            WatchResponse duplicate = stream.next(10);
            assertThat(duplicate.getCanceled()).isTrue();
            assertThat(duplicate.getCancelReason()).isEqualTo("mvcc: duplicate watch ID provided on the WatchStream");
            put("filters/k", "new");
            kv.kv().deleteRange(io.cairn.api.etcdserverpb.DeleteRangeRequest.newBuilder().setKey(bytes("filters/k")).build());
            WatchResponse deletes = stream.next(10);
            assertThat(deletes.getEventsList()).hasSize(1);
            Event delete = deletes.getEvents(0);
            assertThat(delete.getType()).isEqualTo(Event.EventType.DELETE);
            assertThat(delete.getPrevKv().getValue().toStringUtf8()).isEqualTo("new");
            assertThat(delete.getKv().getKey().toStringUtf8()).isEqualTo("filters/k");
            stream.cancel(7);
            WatchResponse cancelled = stream.next(10);
            assertThat(cancelled.getCanceled()).isTrue();
            assertThat(cancelled.getWatchId()).isEqualTo(7);
            put("filters/k", "after-cancel");
            assertThat(stream.poll(500)).isNull();
        }
    }

    @Test
    void largeResponsesAreFragmentedWhenAsked() throws Exception {
        // One txn stays under the 1.5 MiB request limit, but with prev_kv its events do not.
        String big = "v".repeat(200 * 1024);
        TxnRequest.Builder txn = TxnRequest.newBuilder();
        for (int i = 0; i < 6; i++) {
            put("frag/" + i, big);
            txn.addSuccess(RequestOp.newBuilder().setRequestPut(
                    PutRequest.newBuilder().setKey(bytes("frag/" + i)).setValue(bytes(big + "2"))));
        }
        try (WatchStream stream = new WatchStream(dev.endpoint(), null)) {
            stream.create(prefix("frag/").setFragment(true).setPrevKv(true).build());
            assertThat(stream.next(10).getCreated()).isTrue();
            long revision = kv.kv().txn(txn.build()).getHeader().getRevision();
            List<WatchResponse> parts = stream.nextUntil(r -> !r.getFragment(), 20);
            assertThat(parts).hasSizeGreaterThan(1);
            assertThat(parts.stream().flatMap(r -> r.getEventsList().stream()))
                    .hasSize(6).allMatch(e -> e.getKv().getModRevision() == revision && e.hasPrevKv());
        }
    }
}
