package io.cairn.testkit.linearizability;

import io.cairn.testkit.history.KvInput;
import io.cairn.testkit.history.KvOutput;
import io.cairn.testkit.history.Operation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Resolves writes whose outcome is unknown, as etcd's robustness suite does, so the search stays
 * small. Values are unique, so a read that returned a write's value proves the write happened, at
 * the revision the read reports, before that read returned. When the store's persisted writes are
 * known (value to revision, e.g. from a watch from revision 1 after the run), an unknown write that
 * is not among them never happened and is dropped, and one that is gets its revision.
 */
final class UnknownWrites {
    /** Marks a return time that is not known: the write may have taken effect at any time after its call. */
    static final long NO_RETURN = Long.MAX_VALUE;

    private record Seen(long modRevision, long firstReturnNanos) {
    }

    private UnknownWrites() {
    }

    static List<Operation> resolve(List<Operation> ops, Map<String, Long> persisted) {
        Map<String, Seen> seen = observedValues(ops);
        List<Operation> out = new ArrayList<>(ops.size());
        for (Operation op : ops) {
            String value = writtenValue(op.input());
            if (!op.outcomeUnknown() || value == null) {
                out.add(op);
                continue;
            }
            Seen s = seen.get(value);
            if (s != null) {
                out.add(op.withReturn(Math.max(op.invokeNanos(), s.firstReturnNanos()), success(op, s.modRevision())));
            } else if (persisted != null && persisted.containsKey(value)) {
                out.add(op.withReturn(NO_RETURN, success(op, persisted.get(value))));
            } else if (persisted == null) {
                out.add(op.withReturn(NO_RETURN, op.output()));
            } // else: not persisted, so it never took effect
        }
        return out;
    }

    private static KvOutput success(Operation op, long revision) {
        return op.input() instanceof KvInput.Put ? new KvOutput.PutResult(revision)
                : new KvOutput.TxnResult(true, revision);
    }

    static String writtenValue(KvInput input) {
        return switch (input) {
            case KvInput.Put p -> p.value();
            case KvInput.CompareAndSet c -> c.newValue();
            default -> null;
        };
    }

    private static Map<String, Seen> observedValues(List<Operation> ops) {
        Map<String, Seen> seen = new HashMap<>();
        for (Operation op : ops) {
            switch (op.output()) {
                case KvOutput.GetResult g when g.present() -> see(seen, g.value(), g.modRevision(), op.returnNanos());
                case KvOutput.RangeResult r -> r.kvs().forEach(kv -> see(seen, kv.value(), kv.modRevision(),
                        op.returnNanos()));
                default -> { }
            }
        }
        return seen;
    }

    private static void see(Map<String, Seen> seen, String value, long modRevision, long returnNanos) {
        seen.merge(value, new Seen(modRevision, returnNanos),
                (a, b) -> new Seen(a.modRevision(), Math.min(a.firstReturnNanos(), b.firstReturnNanos())));
    }
}
