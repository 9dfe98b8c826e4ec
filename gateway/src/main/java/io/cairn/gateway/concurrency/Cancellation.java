package io.cairn.gateway.concurrency;

import java.util.ArrayList;
import java.util.List;

/**
 * The client's side of a waiting call: cancelled when the client cancels the call, its
 * deadline passes or it goes away. Waits register what wakes them up (closing a watch).
 */
public final class Cancellation {
    private final List<Runnable> handlers = new ArrayList<>();
    private boolean cancelled;

    /** Forgets a registered handler. */
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }

    public synchronized boolean isCancelled() {
        return cancelled;
    }

    /** Cancels once: runs every registered handler, on the calling thread. */
    public void cancel() {
        List<Runnable> toRun;
        synchronized (this) {
            if (cancelled) {
                return;
            }
            cancelled = true;
            toRun = List.copyOf(handlers);
            handlers.clear();
        }
        toRun.forEach(Runnable::run);
    }

    /** Runs {@code handler} when cancelled (at once if already cancelled). */
    public Registration onCancel(Runnable handler) {
        synchronized (this) {
            if (!cancelled) {
                handlers.add(handler);
                return () -> {
                    synchronized (Cancellation.this) {
                        handlers.remove(handler);
                    }
                };
            }
        }
        handler.run();
        return () -> { };
    }
}
