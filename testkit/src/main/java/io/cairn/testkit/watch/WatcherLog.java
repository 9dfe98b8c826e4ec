package io.cairn.testkit.watch;

import java.util.List;
import java.util.Objects;

/**
 * Everything one watcher received: its target and its sessions in order. A session after the first
 * is the watch resumed (e.g. after a broken stream) at the revision after the last one it saw.
 */
public record WatcherLog(String watcherId, WatchTarget target, List<WatchSession> sessions) {
    public WatcherLog {
        Objects.requireNonNull(watcherId, "watcherId");
        Objects.requireNonNull(target, "target");
        sessions = List.copyOf(sessions);
    }

    public static WatcherLog of(String watcherId, WatchTarget target, WatchSession... sessions) {
        return new WatcherLog(watcherId, target, List.of(sessions));
    }
}
