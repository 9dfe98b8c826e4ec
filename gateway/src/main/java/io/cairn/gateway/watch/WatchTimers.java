package io.cairn.gateway.watch;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** The one timer thread of the gateway's watches: back-offs and progress ticks only post work. */
final class WatchTimers {
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("cairn-watch-timer").factory());

    private WatchTimers() {
    }

    static ScheduledFuture<?> schedule(Runnable task, long delay, TimeUnit unit) {
        return TIMER.schedule(task, delay, unit);
    }

    static ScheduledFuture<?> every(Runnable task, long period, TimeUnit unit) {
        return TIMER.scheduleAtFixedRate(task, period, period, unit);
    }
}
