package io.cairn.testkit.robustness;

import io.cairn.testkit.history.History;
import io.cairn.testkit.history.KvInput;
import io.cairn.testkit.history.KvOutput;
import io.cairn.testkit.history.Operation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Resolves writes with an unknown outcome from what the store persisted, as etcd's robustness suite
 * does, before the linearizability check. For each key with an unknown put or compare-and-set, the
 * key's MVCC history is read back after the run, from its latest version and from just before each
 * acknowledged delete, one version down at a time (a read at mod_revision - 1), down to the lowest
 * revision such a write could have (ADR 0002: above every write acknowledged before it was sent).
 * That finds every incarnation of the key unless a delete of it also had an unknown outcome, so:
 * a found value did happen, at the revision found (its return time stays unknown); a value not
 * found on a key without unknown deletes never happened ({@link KvOutput.Failure}); otherwise the
 * write stays unknown and the checker considers both outcomes. Values seen in watch events count
 * as found too.
 */
final class PersistedWrites {
    /** Where an unknown write may be linearized: anywhere after its call (the checker's "no return"). */
    static final long NO_RETURN = Long.MAX_VALUE;

    record Result(History history, int happened, int notHappened, int stillUnknown, int reads) {
    }

    /** Reads one key at one revision (0 = latest). */
    @FunctionalInterface
    interface Reader {
        KvOutput.GetResult get(String key, long revision);
    }

    private PersistedWrites() {
    }

    static Result resolve(History history, Reader reader, Map<String, Long> watched) {
        List<Operation> ops = history.operations();
        Map<String, Long> lowest = new HashMap<>();
        Set<String> unknownDeletes = new HashSet<>();
        for (Operation op : ops) {
            if (!op.outcomeUnknown()) {
                continue;
            }
            switch (op.input()) {
                case KvInput.Put p -> lowest.merge(p.key(), lowestRevision(ops, op), Math::min);
                case KvInput.CompareAndSet c -> lowest.merge(c.key(), lowestRevision(ops, op), Math::min);
                case KvInput.Delete d -> unknownDeletes.add(d.key());
                default -> { }
            }
        }
        Map<String, Long> found = new HashMap<>(watched);
        int reads = 0;
        for (Map.Entry<String, Long> e : lowest.entrySet()) {
            reads += walk(e.getKey(), e.getValue(), deletesOf(ops, e.getKey()), reader, found);
        }
        List<Operation> out = new ArrayList<>(ops.size());
        int happened = 0;
        int notHappened = 0;
        int unknown = 0;
        for (Operation op : ops) {
            String value = writtenValue(op.input());
            if (!op.outcomeUnknown() || value == null) {
                out.add(op);
            } else if (found.containsKey(value)) {
                long rev = found.get(value);
                out.add(op.withReturn(NO_RETURN, op.input() instanceof KvInput.Put ? new KvOutput.PutResult(rev)
                        : new KvOutput.TxnResult(true, rev)));
                happened++;
            } else if (!unknownDeletes.contains(op.input().singleKey().orElseThrow())) {
                out.add(op.withOutput(new KvOutput.Failure("not persisted: absent from the key's MVCC history")));
                notHappened++;
            } else {
                out.add(op);
                unknown++;
            }
        }
        return new Result(new History(out), happened, notHappened, unknown, reads);
    }

    /** Reads every version of {@code key} at or above {@code floor}; returns the number of reads. */
    private static int walk(String key, long floor, List<Long> deletes, Reader reader, Map<String, Long> found) {
        List<Long> starts = new ArrayList<>();
        starts.add(0L);
        deletes.stream().filter(d -> d > floor).forEach(d -> starts.add(d - 1));
        Set<Long> visited = new HashSet<>();
        int reads = 0;
        for (long start : starts) {
            KvOutput.GetResult g = reader.get(key, start);
            reads++;
            while (g.present() && g.modRevision() >= floor && visited.add(g.modRevision())) {
                found.putIfAbsent(g.value(), g.modRevision());
                if (g.version() <= 1) {
                    break;
                }
                g = reader.get(key, g.modRevision() - 1);
                reads++;
            }
        }
        return reads;
    }

    /** The revision of every acknowledged delete of {@code key} that deleted it. */
    private static List<Long> deletesOf(List<Operation> ops, String key) {
        return ops.stream().filter(op -> op.input() instanceof KvInput.Delete d && d.key().equals(key))
                .map(Operation::output)
                .filter(o -> o instanceof KvOutput.DeleteResult d && d.deleted() > 0)
                .map(o -> ((KvOutput.DeleteResult) o).revision()).toList();
    }

    /** Revisions are ordered with real time: the write is above every write acknowledged before its call. */
    private static long lowestRevision(List<Operation> ops, Operation unknown) {
        long max = 0;
        for (Operation op : ops) {
            if (op.returnNanos() < unknown.invokeNanos() && !op.outcomeUnknown()) {
                max = Math.max(max, madeRevision(op.output()));
            }
        }
        return max + 1;
    }

    static long madeRevision(KvOutput output) {
        return switch (output) {
            case KvOutput.PutResult p -> p.revision();
            case KvOutput.DeleteResult d when d.deleted() > 0 -> d.revision();
            case KvOutput.TxnResult t when t.succeeded() -> t.revision();
            default -> 0;
        };
    }

    static String writtenValue(KvInput input) {
        return switch (input) {
            case KvInput.Put p -> p.value();
            case KvInput.CompareAndSet c -> c.newValue();
            default -> null;
        };
    }
}
