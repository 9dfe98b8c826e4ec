package io.cairn.testkit.robustness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.testkit.history.History;
import io.cairn.testkit.history.KvInput;
import io.cairn.testkit.history.KvOutput;
import io.cairn.testkit.history.Operation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PersistedWritesTest {

    /** A key's MVCC history: puts and deletes by revision; reads at a revision as the store answers them. */
    private static final class Mvcc implements PersistedWrites.Reader {
        private record Event(String key, long revision, String value) {
        }

        private final List<Event> events = new ArrayList<>();
        int reads;

        Mvcc put(String key, long rev, String value) {
            events.add(new Event(key, rev, value));
            return this;
        }

        Mvcc delete(String key, long rev) {
            events.add(new Event(key, rev, null));
            return this;
        }

        @Override
        public KvOutput.GetResult get(String key, long revision) {
            reads++;
            long at = revision == 0 ? Long.MAX_VALUE : revision;
            Event latest = null;
            long version = 0;
            for (Event e : events) {
                if (e.key().equals(key) && e.revision() <= at) {
                    latest = e;
                    version = e.value() == null ? 0 : version + 1;
                }
            }
            return latest == null || latest.value() == null ? KvOutput.GetResult.absent(at)
                    : new KvOutput.GetResult(latest.value(), latest.revision(), version, at);
        }
    }

    private static Operation op(int id, long invoke, long ret, KvInput in, KvOutput out) {
        return new Operation(id, id, invoke, ret, in, out);
    }

    private static KvOutput unknown() {
        return new KvOutput.Unknown("DEADLINE_EXCEEDED");
    }

    @Test
    void anOverwrittenUnknownPutIsFoundInTheKeysHistory() {
        Mvcc store = new Mvcc().put("a", 10, "v1").put("a", 12, "v2").put("a", 15, "v3");
        History h = new History(List.of(
                op(0, 0, 10, new KvInput.Put("a", "v1"), new KvOutput.PutResult(10)),
                op(1, 20, 30, new KvInput.Put("a", "v2"), unknown()),
                op(2, 40, 50, new KvInput.Put("a", "v3"), new KvOutput.PutResult(15))));

        PersistedWrites.Result r = PersistedWrites.resolve(h, store, Map.of());

        Operation resolved = r.history().operations().get(1);
        assertEquals(new KvOutput.PutResult(12), resolved.output());
        assertEquals(PersistedWrites.NO_RETURN, resolved.returnNanos());
        assertEquals(1, r.happened());
        assertTrue(r.reads() <= 3, "walks down to the lowest possible revision only: " + r.reads());
    }

    @Test
    void anUnknownWriteAbsentFromACompleteHistoryDidNotHappen() {
        Mvcc store = new Mvcc().put("a", 10, "v1");
        History h = new History(List.of(
                op(0, 0, 10, new KvInput.Put("a", "v1"), new KvOutput.PutResult(10)),
                op(1, 20, 30, new KvInput.CompareAndSet("a", new KvInput.Compare.ValueEquals("v0"), "v2"), unknown())));

        PersistedWrites.Result r = PersistedWrites.resolve(h, store, Map.of());

        assertInstanceOf(KvOutput.Failure.class, r.history().operations().get(1).output());
        assertEquals(1, r.notHappened());
    }

    @Test
    void anIncarnationEndedByAnAcknowledgedDeleteIsReadFromJustBeforeTheDelete() {
        Mvcc store = new Mvcc().put("a", 10, "v1").put("a", 11, "v2").delete("a", 13).put("a", 20, "v3");
        History h = new History(List.of(
                op(0, 0, 5, new KvInput.Put("a", "v1"), new KvOutput.PutResult(10)),
                op(1, 6, 30, new KvInput.Put("a", "v2"), unknown()),
                op(2, 31, 40, new KvInput.Delete("a"), new KvOutput.DeleteResult(1, 13)),
                op(3, 41, 50, new KvInput.Put("a", "v3"), new KvOutput.PutResult(20))));

        PersistedWrites.Result r = PersistedWrites.resolve(h, store, Map.of());

        assertEquals(new KvOutput.PutResult(11), r.history().operations().get(1).output());
    }

    @Test
    void withAnUnknownDeleteOfTheKeyAWriteNotFoundStaysUnknown() {
        Mvcc store = new Mvcc().put("a", 10, "v1").put("a", 11, "v2").delete("a", 12);
        History h = new History(List.of(
                op(0, 0, 5, new KvInput.Put("a", "v1"), new KvOutput.PutResult(10)),
                op(1, 6, 30, new KvInput.Put("a", "v2"), unknown()),
                op(2, 7, 30, new KvInput.Delete("a"), unknown())));

        PersistedWrites.Result r = PersistedWrites.resolve(h, store, Map.of());

        assertInstanceOf(KvOutput.Unknown.class, r.history().operations().get(1).output());
        assertEquals(1, r.stillUnknown());
    }

    @Test
    void aValueSeenInAWatchEventHappened() {
        Mvcc store = new Mvcc();
        History h = new History(List.of(op(0, 0, 5, new KvInput.Put("a", "v1"), unknown())));

        PersistedWrites.Result r = PersistedWrites.resolve(h, store, Map.of("v1", 7L));

        assertEquals(new KvOutput.PutResult(7), r.history().operations().get(0).output());
    }
}
