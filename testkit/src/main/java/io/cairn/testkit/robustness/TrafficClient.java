package io.cairn.testkit.robustness;

import io.cairn.testkit.history.HistoryRecorder;
import io.cairn.testkit.history.KvInput;
import io.cairn.testkit.history.KvOutput;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

/**
 * One client's randomized traffic: an operation stream from its own seed, paced to its share of the
 * run's rate, bounded in count and time, every call recorded. After a call with an unknown outcome
 * it backs off (doubling, up to 1 s) so a dead server does not fill the history with unknowns; while
 * its channel cannot reach the server it waits without calling (nothing is sent, nothing recorded).
 */
final class TrafficClient implements Runnable {
    private record Seen(String value, long modRevision) {
    }

    private final int id;
    private final EtcdKv kv;
    private final HistoryRecorder recorder;
    private final KeySpace keys;
    private final Random random;
    private final long intervalNanos;
    private final int maxOps;
    private final java.util.concurrent.atomic.AtomicLong deadline;
    private final Map<String, Seen> seen = new HashMap<>();

    TrafficClient(int id, EtcdKv kv, HistoryRecorder recorder, KeySpace keys, long seed, double qps, int maxOps,
                  java.util.concurrent.atomic.AtomicLong deadline) {
        this.id = id;
        this.kv = kv;
        this.recorder = recorder;
        this.keys = keys;
        this.random = new Random(seed);
        this.intervalNanos = (long) (1e9 / qps);
        this.maxOps = maxOps;
        this.deadline = deadline;
    }

    @Override
    public void run() {
        long next = System.nanoTime();
        long backoffMs = 0;
        int done = 0;
        while (done < maxOps && System.nanoTime() < deadline.get() && !Thread.currentThread().isInterrupted()) {
            long wait = Math.max(next - System.nanoTime(), backoffMs * 1_000_000);
            if (wait > 0 && !sleep(Math.min(wait, deadline.get() - System.nanoTime()))) {
                return;
            }
            if (System.nanoTime() >= deadline.get()) {
                return;
            }
            next = Math.max(next + intervalNanos, System.nanoTime());
            if (!kv.reachable()) {
                backoffMs = 50;
                continue;
            }
            KvInput input = nextInput();
            HistoryRecorder.Call call = recorder.invoke(id, input);
            KvOutput output = kv.execute(input);
            recorder.complete(call, output);
            learn(input, output);
            done++;
            backoffMs = output instanceof KvOutput.Unknown ? Math.min(1000, Math.max(50, backoffMs * 2)) : 0;
            if (output instanceof KvOutput.Unknown u && u.reason().startsWith("DEADLINE_EXCEEDED")) {
                kv.reconnect();
            }
        }
    }

    private KvInput nextInput() {
        int g = random.nextInt(keys.groups());
        String key = keys.key(g, random.nextInt(keys.perGroup()));
        int dice = random.nextInt(100);
        if (dice < 30) {
            return new KvInput.Get(key);
        } else if (dice < 56) {
            return new KvInput.Put(key, recorder.uniqueValue(id));
        } else if (dice < 66) {
            Seen s = seen.get(key);
            return new KvInput.CompareAndSet(key, new KvInput.Compare.ModRevisionEquals(s == null ? 0 : s.modRevision()),
                    recorder.uniqueValue(id));
        } else if (dice < 74) {
            Seen s = seen.get(key);
            return new KvInput.CompareAndSet(key, new KvInput.Compare.ValueEquals(s == null ? "none" : s.value()),
                    recorder.uniqueValue(id));
        } else if (dice < 86) {
            return new KvInput.Delete(key);
        }
        return new KvInput.Range(keys.group(g));
    }

    /** Remembers the last value and mod_revision this client saw per key, for its compare-and-sets. */
    private void learn(KvInput input, KvOutput output) {
        switch (output) {
            case KvOutput.GetResult g when g.present() -> seen.put(((KvInput.Get) input).key(),
                    new Seen(g.value(), g.modRevision()));
            case KvOutput.GetResult g -> seen.remove(((KvInput.Get) input).key());
            case KvOutput.PutResult p -> seen.put(((KvInput.Put) input).key(),
                    new Seen(((KvInput.Put) input).value(), p.revision()));
            case KvOutput.TxnResult t when t.succeeded() -> {
                KvInput.CompareAndSet c = (KvInput.CompareAndSet) input;
                seen.put(c.key(), new Seen(c.newValue(), t.revision()));
            }
            case KvOutput.DeleteResult d when d.deleted() > 0 -> seen.remove(((KvInput.Delete) input).key());
            case KvOutput.RangeResult r -> r.kvs().forEach(kv -> seen.put(kv.key(), new Seen(kv.value(),
                    kv.modRevision())));
            default -> { }
        }
    }

    private static boolean sleep(long nanos) {
        if (nanos <= 0) {
            return true;
        }
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
