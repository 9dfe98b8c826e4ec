package io.cairn.server;

import com.google.protobuf.ByteString;
import io.cairn.api.etcdserverpb.PutRequest;
import io.cairn.api.etcdserverpb.RangeRequest;
import io.cairn.api.etcdserverpb.RangeResponse;
import io.cairn.api.mvccpb.KeyValue;
import io.grpc.StatusRuntimeException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writers overwriting their own keys and readers checking what they read, through the gateway.
 * Writer {@code w} owns keys {@code k/<j>/w<w>} and writes {@code w<w>-<seq>} with a per-writer
 * increasing seq (recorded as attempted before the call, as acknowledged after an OK). A reader's
 * value must be one attempted for that key, not older than the last write acknowledged before
 * the read started, and never older than what the same reader saw before (per key). Every
 * {@code rangeEvery}-th read is a range over all of {@code k/}, which spans the shards once a
 * split cuts through it. Violations are collected, not thrown, and asserted by the test.
 */
final class OverwriteLoad {
    private final int writers;
    private final int keysPerWriter;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final Map<String, Set<Long>> attempted = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> lastAcked = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> ackedCount = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> lastAckStart = new ConcurrentHashMap<>();
    final List<String> violations = java.util.Collections.synchronizedList(new ArrayList<>());
    final WriteOutcomes writes = new WriteOutcomes();
    final WriteOutcomes reads = new WriteOutcomes();
    final AtomicLong readsChecked = new AtomicLong();

    OverwriteLoad(int writers, int keysPerWriter) {
        this.writers = writers;
        this.keysPerWriter = keysPerWriter;
        for (int w = 0; w < writers; w++) {
            for (int j = 0; j < keysPerWriter; j++) {
                attempted.put(key(w, j), ConcurrentHashMap.newKeySet());
                lastAcked.put(key(w, j), new AtomicLong(-1));
                ackedCount.put(key(w, j), new AtomicLong());
                lastAckStart.put(key(w, j), new AtomicLong(Long.MIN_VALUE));
            }
        }
    }

    static String key(int writer, int j) {
        return "k/" + j + "/w" + writer;
    }

    int keyCount() {
        return writers * keysPerWriter;
    }

    Runnable writer(GrpcKv client, int w, long pauseMs) {
        return () -> {
            for (long seq = 0; !stop.get(); seq++) {
                String key = key(w, (int) (seq % keysPerWriter));
                attempted.get(key).add(seq);
                long start = System.nanoTime();
                try {
                    client.kv.withDeadlineAfter(10, TimeUnit.SECONDS).put(PutRequest.newBuilder()
                            .setKey(ByteString.copyFromUtf8(key)).setValue(ByteString.copyFromUtf8("w" + w + "-" + seq)).build());
                    writes.ok(start);
                    lastAcked.get(key).set(seq);
                    ackedCount.get(key).incrementAndGet();
                    lastAckStart.get(key).set(start);
                } catch (StatusRuntimeException e) {
                    writes.failed(start, e);
                }
                sleep(pauseMs);
            }
        };
    }

    Runnable reader(GrpcKv client, int rangeEvery) {
        return () -> {
            Map<String, Long> seen = new HashMap<>();
            List<String> keys = List.copyOf(attempted.keySet());
            for (long n = 1; !stop.get(); n++) {
                boolean range = n % rangeEvery == 0;
                String one = keys.get(ThreadLocalRandom.current().nextInt(keys.size()));
                Map<String, Long> floor = new HashMap<>();
                (range ? keys : List.of(one)).forEach(k -> floor.put(k, lastAcked.get(k).get()));
                long start = System.nanoTime();
                RangeResponse got;
                try {
                    RangeRequest.Builder request = RangeRequest.newBuilder();
                    if (range) {
                        request.setKey(ByteString.copyFromUtf8("k/")).setRangeEnd(ByteString.copyFromUtf8("k0"));
                    } else {
                        request.setKey(ByteString.copyFromUtf8(one));
                    }
                    got = client.kv.withDeadlineAfter(10, TimeUnit.SECONDS).range(request.build());
                    reads.ok(start);
                } catch (StatusRuntimeException e) {
                    reads.failed(start, e);
                    continue;
                }
                if (got.getKvsCount() != floor.size()) {
                    violations.add((range ? "range" : "get " + one) + " returned " + got.getKvsCount()
                            + " keys, expected " + floor.size());
                }
                for (KeyValue kv : got.getKvsList()) {
                    check(kv, floor, seen);
                }
                readsChecked.incrementAndGet();
            }
        };
    }

    private void check(KeyValue kv, Map<String, Long> floor, Map<String, Long> seen) {
        String key = kv.getKey().toStringUtf8();
        String value = kv.getValue().toStringUtf8();
        String writer = key.substring(key.lastIndexOf('/') + 1);
        if (!attempted.containsKey(key) || !value.startsWith(writer + "-")) {
            violations.add("read " + key + " = " + value + ": not a value written for that key");
            return;
        }
        long seq = Long.parseLong(value.substring(writer.length() + 1));
        if (!attempted.get(key).contains(seq)) {
            violations.add("read " + key + " = " + value + ": never written");
        }
        Long min = floor.get(key);
        if (min != null && seq < min) {
            violations.add("read " + key + " = " + value + ": stale, seq " + min + " was acknowledged before the read");
        }
        Long before = seen.put(key, seq);
        if (before != null && seq < before) {
            violations.add("read " + key + " = " + value + ": went back from seq " + before);
        }
    }

    void stop() {
        stop.set(true);
    }

    /** Every key has an acknowledged write (start readers after this: they expect every key). */
    boolean allWritten() {
        return lastAcked.values().stream().allMatch(a -> a.get() >= 0);
    }

    /** Whether some key matching {@code keys} had a write acknowledged that was sent after {@code nanos}. */
    boolean ackedAfter(long nanos, java.util.function.Predicate<String> keys) {
        return lastAckStart.entrySet().stream().anyMatch(e -> keys.test(e.getKey()) && e.getValue().get() > nanos);
    }

    long acknowledged() {
        return ackedCount.values().stream().mapToLong(AtomicLong::get).sum();
    }

    /**
     * The final state: each key holds a written value not older than its last acknowledged
     * write, and was applied at least as often as acknowledged and at most as often as
     * attempted (etcd's version counts the puts since creation).
     */
    void checkFinal(Map<String, KeyValue> stored) {
        for (String key : attempted.keySet()) {
            KeyValue kv = stored.get(key);
            if (kv == null) {
                violations.add("final: " + key + " is missing");
                continue;
            }
            check(kv, Map.of(key, lastAcked.get(key).get()), new HashMap<>());
            long acked = ackedCount.get(key).get();
            int tried = attempted.get(key).size();
            if (kv.getVersion() < acked) {
                violations.add("final: " + key + " applied " + kv.getVersion() + " times, " + acked + " acknowledged (lost)");
            }
            if (kv.getVersion() > tried) {
                violations.add("final: " + key + " applied " + kv.getVersion() + " times, " + tried + " attempted (duplicated)");
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
