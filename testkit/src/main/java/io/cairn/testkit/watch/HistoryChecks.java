package io.cairn.testkit.watch;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The guarantees checked against the writes that happened: reliable (no gap between the first and
 * last revision a stream delivered), resumable (a stream started at r begins at the first event at
 * or after r, never earlier, and never repeats what an earlier session of the watcher delivered),
 * valid (every event is a write that happened).
 */
final class HistoryChecks {
    private final WatcherLog log;
    private final CommittedWrites.Index writes;
    private final List<Violation> out;
    private final Set<String> seenBefore = new HashSet<>();

    HistoryChecks(WatcherLog log, CommittedWrites.Index writes, List<Violation> out) {
        this.log = log;
        this.writes = writes;
        this.out = out;
    }

    void check() {
        for (int i = 0; i < log.sessions().size(); i++) {
            checkSession(i, log.sessions().get(i));
        }
    }

    private void checkSession(int i, WatchSession s) {
        List<WatchEvent> events = s.responses().stream().flatMap(r -> r.events().stream()).toList();
        Set<String> delivered = new HashSet<>();
        long lastEvent = 0;
        for (WatchEvent e : events) {
            delivered.add(e.id());
            lastEvent = Math.max(lastEvent, e.modRevision());
            checkValid(i, e);
            if (s.startRevision() > 0 && e.modRevision() < s.startRevision()) {
                fail(Guarantee.RESUMABLE, i, "watch from revision " + s.startRevision() + " delivered " + e.id());
            }
            if (seenBefore.contains(e.id())) {
                fail(Guarantee.RESUMABLE, i, "event " + e.id() + " was already delivered by an earlier session");
            }
        }
        long progress = s.responses().stream().filter(WatchResponse::progressNotify)
                .mapToLong(WatchResponse::headerRevision).max().orElse(0);
        long upper = Math.max(lastEvent, progress);
        long start = s.startRevision() > 0 ? s.startRevision() : events.isEmpty() ? upper + 1
                : events.getFirst().modRevision();
        start = Math.max(start, s.compactRevision());
        long firstDelivered = events.isEmpty() ? Long.MAX_VALUE : events.getFirst().modRevision();
        for (WatchEvent expected : writes.covered(log.target(), start, upper)) {
            if (!delivered.contains(expected.id())) {
                boolean beforeFirst = expected.modRevision() < firstDelivered;
                fail(beforeFirst ? Guarantee.RESUMABLE : Guarantee.RELIABLE, i, (beforeFirst
                        ? "watch from revision " + start + " skipped " : "missed ") + expected
                        + " (delivered up to revision " + upper + ")");
            }
        }
        seenBefore.addAll(delivered);
    }

    private void checkValid(int i, WatchEvent e) {
        Optional<WatchEvent> committed = writes.at(e.id());
        if (committed.isPresent()) {
            if (!committed.get().equals(e)) {
                fail(Guarantee.VALID, i, "delivered " + e + " but the write was " + committed.get());
            }
        } else if (writes.complete() || !writes.atRevision(e.modRevision()).isEmpty()) {
            fail(Guarantee.VALID, i, "delivered " + e + " but no such write happened");
        }
    }

    private void fail(Guarantee g, int session, String detail) {
        out.add(new Violation(g, log.watcherId(), session, detail));
    }
}
