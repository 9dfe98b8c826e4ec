package io.cairn.node;

import com.google.protobuf.ByteString;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Writes unique keys (value = key) in a loop until stopped, spread over the given tenants,
 * remembering every acknowledged write so a test can read each one back.
 */
final class BackgroundWriter implements AutoCloseable {
    private final RoutedKv kv;
    private final List<Long> tenants;
    private final String prefix;
    private final Map<ByteString, String> acknowledged = new ConcurrentHashMap<>();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    BackgroundWriter(RoutedKv kv, List<Long> tenants, String prefix) {
        this.kv = kv;
        this.tenants = tenants;
        this.prefix = prefix;
        this.thread = Thread.ofPlatform().name("writer-" + prefix).start(this::loop);
    }

    private void loop() {
        for (int i = 0; running.get() && i < 100_000; i++) {
            long tenant = tenants.get(i % tenants.size());
            String name = prefix + String.format("%06d", i);
            ByteString key = ClusterSpec.key(tenant, name);
            if (kv.put(key, name).isPresent()) {
                acknowledged.put(key, name);
            } else {
                failed.incrementAndGet();
            }
        }
    }

    int acknowledgedCount() {
        return acknowledged.size();
    }

    /** Stops writing; returns the acknowledged writes. */
    Map<ByteString, String> stop() {
        running.set(false);
        try {
            thread.join(RoutedKv.DEADLINE_MS + 5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Map.copyOf(acknowledged);
    }

    int failed() {
        return failed.get();
    }

    @Override
    public void close() {
        stop();
    }
}
