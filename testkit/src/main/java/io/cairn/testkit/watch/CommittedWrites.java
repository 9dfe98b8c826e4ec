package io.cairn.testkit.watch;

import io.cairn.testkit.history.History;
import io.cairn.testkit.history.KvInput;
import io.cairn.testkit.history.KvOutput;
import io.cairn.testkit.history.Operation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The writes known to have happened, as the events a watcher should see, in commit order.
 * {@code complete} says no other write can exist (no write had an unknown outcome); only then is an
 * event missing from it proof of an invalid event.
 */
public record CommittedWrites(List<WatchEvent> events, boolean complete) {
    public CommittedWrites {
        events = List.copyOf(events);
    }

    /** The successful writes of a KV history, ordered by revision. */
    public static CommittedWrites fromHistory(History history) {
        List<WatchEvent> events = new ArrayList<>();
        boolean complete = true;
        for (Operation op : history.operations()) {
            switch (op.input()) {
                case KvInput.Put p when op.output() instanceof KvOutput.PutResult r ->
                        events.add(WatchEvent.put(p.key(), p.value(), r.revision()));
                case KvInput.CompareAndSet c when op.output() instanceof KvOutput.TxnResult t && t.succeeded() ->
                        events.add(WatchEvent.put(c.key(), c.newValue(), t.revision()));
                case KvInput.Delete d when op.output() instanceof KvOutput.DeleteResult r && r.deleted() > 0 ->
                        events.add(WatchEvent.delete(d.key(), r.revision()));
                default -> complete &= !(op.input().isWrite() && op.outcomeUnknown());
            }
        }
        events.sort(Comparator.comparingLong(WatchEvent::modRevision));
        return new CommittedWrites(events, complete);
    }

    Index index() {
        return new Index(this);
    }

    /** Lookups by (revision, key) and by revision. */
    static final class Index {
        private final Map<String, Integer> position = new HashMap<>();
        private final Map<Long, List<WatchEvent>> byRevision = new HashMap<>();
        private final CommittedWrites writes;

        private Index(CommittedWrites writes) {
            this.writes = writes;
            for (int i = 0; i < writes.events().size(); i++) {
                WatchEvent e = writes.events().get(i);
                position.put(e.id(), i);
                byRevision.computeIfAbsent(e.modRevision(), r -> new ArrayList<>()).add(e);
            }
        }

        Optional<WatchEvent> at(String id) {
            Integer i = position.get(id);
            return i == null ? Optional.empty() : Optional.of(writes.events().get(i));
        }

        /** Commit order of an event, or -1 if unknown. */
        int order(WatchEvent e) {
            return position.getOrDefault(e.id(), -1);
        }

        List<WatchEvent> atRevision(long revision) {
            return byRevision.getOrDefault(revision, List.of());
        }

        List<WatchEvent> covered(WatchTarget target, long fromRevision, long toRevision) {
            return writes.events().stream().filter(e -> target.covers(e.key())
                    && e.modRevision() >= fromRevision && e.modRevision() <= toRevision).toList();
        }

        boolean complete() {
            return writes.complete();
        }
    }
}
