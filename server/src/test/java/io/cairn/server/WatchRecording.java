package io.cairn.server;

import io.cairn.api.etcdserverpb.WatchResponse;
import io.cairn.api.mvccpb.Event;
import io.cairn.testkit.watch.CommittedWrites;
import io.cairn.testkit.watch.Violation;
import io.cairn.testkit.watch.WatchChecker;
import io.cairn.testkit.watch.WatchEvent;
import io.cairn.testkit.watch.WatchRecorder;
import io.cairn.testkit.watch.WatchTarget;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Records etcd watch responses and acknowledged writes for the testkit's watch checker. */
final class WatchRecording {
    private final WatchRecorder recorder = new WatchRecorder();
    private final List<WatchEvent> writes = Collections.synchronizedList(new ArrayList<>());

    void startSession(String watcher, WatchTarget target, long startRevision) {
        recorder.startSession(watcher, target, startRevision);
    }

    void received(String watcher, WatchResponse r) {
        if (r.getCreated()) {
            return;
        }
        if (r.getCanceled()) {
            recorder.received(watcher, io.cairn.testkit.watch.WatchResponse.compacted(
                    r.getHeader().getRevision(), r.getCompactRevision()));
            return;
        }
        if (r.getEventsCount() == 0) {
            recorder.received(watcher, io.cairn.testkit.watch.WatchResponse.progress(r.getHeader().getRevision()));
            return;
        }
        List<WatchEvent> events = r.getEventsList().stream().map(WatchRecording::event).toList();
        recorder.received(watcher, new io.cairn.testkit.watch.WatchResponse(
                r.getHeader().getRevision(), events, false, false, 0));
    }

    void put(String key, String value, long revision) {
        writes.add(WatchEvent.put(key, value, revision));
    }

    void delete(String key, long revision) {
        writes.add(WatchEvent.delete(key, revision));
    }

    List<Violation> check() {
        return check(true);
    }

    /** {@code complete}: false when some write had an unknown outcome (it may or may not be in a watch). */
    List<Violation> check(boolean complete) {
        List<WatchEvent> sorted = new ArrayList<>(writes);
        sorted.sort(java.util.Comparator.comparingLong(WatchEvent::modRevision));
        return WatchChecker.check(recorder.logs(), new CommittedWrites(sorted, complete));
    }

    /** Whether each of {@code watchers} got, in its current session, a progress notification at or above {@code revision}. */
    boolean progressSeen(java.util.Collection<String> watchers, long revision) {
        return recorder.logs().stream().filter(log -> watchers.contains(log.watcherId())).allMatch(log ->
                log.sessions().getLast().responses().stream()
                        .anyMatch(r -> r.progressNotify() && r.headerRevision() >= revision));
    }

    int writes() {
        return writes.size();
    }

    static WatchEvent event(Event e) {
        String key = e.getKv().getKey().toStringUtf8();
        return e.getType() == Event.EventType.DELETE
                ? WatchEvent.delete(key, e.getKv().getModRevision())
                : WatchEvent.put(key, e.getKv().getValue().toStringUtf8(), e.getKv().getModRevision());
    }
}
