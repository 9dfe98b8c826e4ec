package io.cairn.node;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * The writes of one shard leader that have started taking a revision and not yet finished
 * (applied or failed). A read at a revision first waits, through {@link #awaitStarted()},
 * for every write that started before it, so no write at or below that revision can
 * appear on the shard after the read.
 */
final class InFlightWrites {
    private final TreeSet<Long> running = new TreeSet<>();
    private final Deque<Waiter> waiters = new ArrayDeque<>();
    private long lastStarted;

    /** Marks a write as started; the returned ticket goes to {@link #finish}. */
    synchronized long start() {
        lastStarted++;
        running.add(lastStarted);
        return lastStarted;
    }

    void finish(long ticket) {
        Deque<Waiter> ready = new ArrayDeque<>();
        synchronized (this) {
            running.remove(ticket);
            long oldestRunning = running.isEmpty() ? Long.MAX_VALUE : running.first();
            // Waiters are queued in increasing barrier order.
            while (!waiters.isEmpty() && waiters.peekFirst().barrier() < oldestRunning) {
                ready.add(waiters.pollFirst());
            }
        }
        ready.forEach(w -> w.done().complete(null));
    }

    /** Completes once every write started before this call has finished. */
    synchronized CompletableFuture<Void> awaitStarted() {
        if (running.isEmpty() || running.first() > lastStarted) {
            return CompletableFuture.completedFuture(null);
        }
        Waiter waiter = new Waiter(lastStarted, new CompletableFuture<>());
        waiters.addLast(waiter);
        return waiter.done();
    }

    private record Waiter(long barrier, CompletableFuture<Void> done) {
    }
}
