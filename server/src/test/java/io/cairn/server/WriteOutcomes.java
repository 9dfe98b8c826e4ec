package io.cairn.server;

import io.grpc.StatusRuntimeException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What load through the gateway saw: every call's start time and latency, and failures
 * counted by kind (gRPC code + the gateway's message with numbers blanked), so a test can
 * report error counts and the worst latency inside a time window (e.g. around a split).
 */
final class WriteOutcomes {
    record Call(long startNanos, long latencyNanos, boolean ok) {
    }

    private final ConcurrentLinkedQueue<Call> calls = new ConcurrentLinkedQueue<>();
    private final Map<String, AtomicLong> errors = new ConcurrentHashMap<>();

    void ok(long startNanos) {
        calls.add(new Call(startNanos, System.nanoTime() - startNanos, true));
    }

    void failed(long startNanos, StatusRuntimeException e) {
        calls.add(new Call(startNanos, System.nanoTime() - startNanos, false));
        errors.computeIfAbsent(kind(e), k -> new AtomicLong()).incrementAndGet();
    }

    static String kind(StatusRuntimeException e) {
        String description = e.getStatus().getDescription() == null ? "" : e.getStatus().getDescription();
        String shape = description.replaceAll("[0-9]+", "N");
        return e.getStatus().getCode() + ": " + shape.substring(0, Math.min(80, shape.length()));
    }

    long succeeded() {
        return calls.stream().filter(Call::ok).count();
    }

    long failedCount() {
        return calls.stream().filter(c -> !c.ok()).count();
    }

    Map<String, Long> errorsByKind() {
        Map<String, Long> copy = new TreeMap<>();
        errors.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }

    /** The longest call that was running at some point in [fromNanos, toNanos], in ms. */
    long maxLatencyMsDuring(long fromNanos, long toNanos) {
        return calls.stream().filter(c -> c.startNanos() <= toNanos && c.startNanos() + c.latencyNanos() >= fromNanos)
                .mapToLong(Call::latencyNanos).max().orElse(0) / 1_000_000;
    }

    /** Latency percentile (0..100) over calls that started outside [fromNanos, toNanos], in ms. */
    long percentileMsOutside(double percentile, long fromNanos, long toNanos) {
        List<Long> latencies = new ArrayList<>();
        calls.stream().filter(c -> c.startNanos() + c.latencyNanos() < fromNanos || c.startNanos() > toNanos)
                .forEach(c -> latencies.add(c.latencyNanos()));
        if (latencies.isEmpty()) {
            return 0;
        }
        latencies.sort(Long::compare);
        int at = (int) Math.min(latencies.size() - 1, Math.round(percentile / 100 * (latencies.size() - 1)));
        return latencies.get(at) / 1_000_000;
    }
}
