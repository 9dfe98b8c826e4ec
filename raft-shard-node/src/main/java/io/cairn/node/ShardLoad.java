package io.cairn.node;

import io.cairn.api.shard.ShardRequest;
import java.util.concurrent.atomic.LongAdder;

/** Reads and writes a shard engine served, as rates over the time between two reports. */
final class ShardLoad {
    private static final long MIN_WINDOW_NANOS = 500_000_000L;

    record Rates(double readsPerS, double writesPerS) {
    }

    private final LongAdder reads = new LongAdder();
    private final LongAdder writes = new LongAdder();
    private long windowStart = System.nanoTime();
    private long readsAtStart;
    private long writesAtStart;
    private Rates last = new Rates(0, 0);

    void record(ShardRequest.OpCase op) {
        switch (op) {
            case RANGE -> reads.increment();
            case PUT, DELETE_RANGE, TXN -> writes.increment();
            default -> {
            }
        }
    }

    /** The rates since the previous window closed (a window lasts at least half a second). */
    synchronized Rates rates() {
        long now = System.nanoTime();
        long elapsed = now - windowStart;
        if (elapsed >= MIN_WINDOW_NANOS) {
            long r = reads.sum();
            long w = writes.sum();
            double seconds = elapsed / 1e9;
            last = new Rates((r - readsAtStart) / seconds, (w - writesAtStart) / seconds);
            readsAtStart = r;
            writesAtStart = w;
            windowStart = now;
        }
        return last;
    }
}
