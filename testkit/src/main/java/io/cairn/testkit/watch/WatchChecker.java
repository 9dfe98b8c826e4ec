package io.cairn.testkit.watch;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks watch streams against etcd's guarantees ({@link Guarantee}) per watcher and session, and
 * against the merged history: the writes that happened and what the other watchers saw.
 */
public final class WatchChecker {
    private WatchChecker() {
    }

    /** Every violation found; empty when all guarantees hold. */
    public static List<Violation> check(List<WatcherLog> watchers, CommittedWrites writes) {
        CommittedWrites.Index index = writes.index();
        List<Violation> out = new ArrayList<>();
        for (WatcherLog log : watchers) {
            for (int i = 0; i < log.sessions().size(); i++) {
                new StreamChecks(log.watcherId(), i, out).check(log.sessions().get(i), log.target(), index);
            }
            new HistoryChecks(log, index, out).check();
        }
        checkWatchersAgree(watchers, out);
        return out;
    }

    /**
     * What the watchers together show was written: value to revision, for resolving writes with an
     * unknown outcome before a linearizability check (a value seen in a watch event was persisted).
     */
    public static Map<String, Long> persistedValues(List<WatcherLog> watchers) {
        Map<String, Long> values = new HashMap<>();
        forEachEvent(watchers, (log, session, e) -> {
            if (e.value() != null) {
                values.putIfAbsent(e.value(), e.modRevision());
            }
        });
        return values;
    }

    private static void checkWatchersAgree(List<WatcherLog> watchers, List<Violation> out) {
        Map<String, WatchEvent> first = new HashMap<>();
        Map<String, String> firstWatcher = new HashMap<>();
        forEachEvent(watchers, (log, session, e) -> {
            WatchEvent other = first.putIfAbsent(e.id(), e);
            firstWatcher.putIfAbsent(e.id(), log.watcherId());
            if (other != null && !other.equals(e)) {
                out.add(new Violation(Guarantee.VALID, log.watcherId(), session, "delivered " + e + " but watcher "
                        + firstWatcher.get(e.id()) + " got " + other));
            }
        });
    }

    private interface EventVisitor {
        void visit(WatcherLog log, int session, WatchEvent event);
    }

    private static void forEachEvent(List<WatcherLog> watchers, EventVisitor visitor) {
        for (WatcherLog log : watchers) {
            for (int i = 0; i < log.sessions().size(); i++) {
                for (WatchResponse r : log.sessions().get(i).responses()) {
                    for (WatchEvent e : r.events()) {
                        visitor.visit(log, i, e);
                    }
                }
            }
        }
    }
}
