package io.cairn.testkit.linearizability;

import io.cairn.testkit.history.KvOutput;
import io.cairn.testkit.history.Operation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The cross-key half of the revision rules, which per-key partitions cannot see (ADR 0002): every
 * write that made a revision has its own, and a write invoked after another returned has a higher
 * revision, whatever keys they touch. Runs in O(n log n) over the writes.
 */
final class RevisionOrder {
    private RevisionOrder() {
    }

    /** The first violation, as two operations and what is wrong with them. */
    record Violation(Operation earlier, Operation later, String what) {
    }

    static Optional<Violation> check(List<Operation> ops) {
        List<Operation> writes = new ArrayList<>();
        Map<Long, Operation> byRevision = new HashMap<>();
        for (Operation op : ops) {
            long rev = madeRevision(op.output());
            if (rev <= 0) {
                continue;
            }
            Operation other = byRevision.putIfAbsent(rev, op);
            if (other != null) {
                return Optional.of(new Violation(other, op, "two writes returned the same revision " + rev));
            }
            if (op.returnNanos() != UnknownWrites.NO_RETURN) {
                writes.add(op);
            }
        }
        List<Operation> byReturn = new ArrayList<>(writes);
        byReturn.sort(Comparator.comparingLong(Operation::returnNanos));
        writes.sort(Comparator.comparingLong(Operation::invokeNanos));
        Operation highest = null;
        int r = 0;
        for (Operation later : writes) {
            while (r < byReturn.size() && byReturn.get(r).returnNanos() < later.invokeNanos()) {
                Operation done = byReturn.get(r++);
                if (highest == null || madeRevision(done.output()) > madeRevision(highest.output())) {
                    highest = done;
                }
            }
            if (highest != null && madeRevision(highest.output()) >= madeRevision(later.output())) {
                return Optional.of(new Violation(highest, later, "write #" + later.id() + " was invoked after write #"
                        + highest.id() + " returned revision " + madeRevision(highest.output())
                        + ", but got revision " + madeRevision(later.output())));
            }
        }
        return Optional.empty();
    }

    /** The revision a successful write created, or 0 if the output created none. */
    static long madeRevision(KvOutput output) {
        return switch (output) {
            case KvOutput.PutResult p -> p.revision();
            case KvOutput.DeleteResult d when d.deleted() > 0 -> d.revision();
            case KvOutput.TxnResult t when t.succeeded() -> t.revision();
            default -> 0;
        };
    }
}
