package io.cairn.testkit.watch;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects what watchers receive, from any thread: {@link #startSession} when a watch stream is
 * created (or resumed), {@link #received} for each response, {@link #logs} at the end.
 */
public final class WatchRecorder {
    private record Session(long startRevision, List<WatchResponse> responses) {
    }

    private record Watcher(WatchTarget target, List<Session> sessions) {
    }

    private final Map<String, Watcher> watchers = new LinkedHashMap<>();

    public synchronized void startSession(String watcherId, WatchTarget target, long startRevision) {
        Watcher w = watchers.computeIfAbsent(watcherId, id -> new Watcher(target, new ArrayList<>()));
        if (!w.target().equals(target)) {
            throw new IllegalArgumentException("watcher " + watcherId + " already watches " + w.target());
        }
        w.sessions().add(new Session(startRevision, new ArrayList<>()));
    }

    public synchronized void received(String watcherId, WatchResponse response) {
        Watcher w = watchers.get(watcherId);
        if (w == null || w.sessions().isEmpty()) {
            throw new IllegalStateException("no session started for watcher " + watcherId);
        }
        w.sessions().getLast().responses().add(response);
    }

    public synchronized List<WatcherLog> logs() {
        List<WatcherLog> logs = new ArrayList<>();
        watchers.forEach((id, w) -> logs.add(new WatcherLog(id, w.target(), w.sessions().stream()
                .map(s -> new WatchSession(s.startRevision(), s.responses())).toList())));
        return logs;
    }
}
