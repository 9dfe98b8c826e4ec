package io.cairn.testkit.linearizability;

import io.cairn.testkit.history.History;
import io.cairn.testkit.history.KvInput;
import io.cairn.testkit.history.KvOutput;
import io.cairn.testkit.history.Operation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a recorded KV history: resolves unknown writes, drops what cannot matter (reads with no
 * answer, writes that definitely failed), checks the cross-key revision order, then searches each
 * partition with {@link KvModel}.
 */
public final class KvLinearizability {
    private KvLinearizability() {
    }

    public static Verdict check(History history, Duration budget) {
        return check(history, budget, null);
    }

    /**
     * @param persisted the store's writes after the run, value to revision (null if not known);
     *                  when given, an unknown write whose value is absent from it never happened
     */
    public static Verdict check(History history, Duration budget, Map<String, Long> persisted) {
        requireUniqueValues(history.operations());
        List<Operation> ops = UnknownWrites.resolve(history.operations(), persisted).stream()
                .filter(KvLinearizability::matters)
                .toList();
        Optional<RevisionOrder.Violation> order = RevisionOrder.check(ops);
        if (order.isPresent()) {
            return new Verdict.Illegal(revisionReport(order.get(), ops.size()));
        }
        List<Op<KvInput, KvOutput>> checkerOps = new ArrayList<>(ops.size());
        for (Operation op : ops) {
            boolean noReturn = op.outcomeUnknown() || op.returnNanos() == UnknownWrites.NO_RETURN;
            checkerOps.add(new Op<>(op.id(), op.clientId(), op.invokeNanos(), noReturn ? Op.NEVER : op.returnNanos(),
                    op.input(), op.output()));
        }
        return LinearizabilityChecker.check(new KvModel(), checkerOps, budget);
    }

    private static boolean matters(Operation op) {
        if (op.output() instanceof KvOutput.Failure) {
            return false; // definitely did not take effect (a read of its value will then be illegal)
        }
        return op.input().isWrite() || !op.outcomeUnknown();
    }

    private static void requireUniqueValues(List<Operation> ops) {
        Set<String> values = new HashSet<>();
        for (Operation op : ops) {
            String v = UnknownWrites.writtenValue(op.input());
            if (v != null && !values.add(v)) {
                throw new IllegalArgumentException("value " + v + " is written twice (op " + op.id()
                        + "); the checker needs a unique value per write");
            }
        }
    }

    private static Report revisionReport(RevisionOrder.Violation v, int size) {
        long origin = Math.min(v.earlier().invokeNanos(), v.later().invokeNanos());
        List<Report.Line> lines = List.of(line(v.earlier(), origin), line(v.later(), origin));
        return new Report("revision order (all keys)", size, List.of(), lines, lines.get(1), v.what());
    }

    private static Report.Line line(Operation op, long origin) {
        Double ret = op.returnNanos() == UnknownWrites.NO_RETURN || op.outcomeUnknown() ? null
                : (op.returnNanos() - origin) / 1e6;
        return new Report.Line(op.id(), op.clientId(), (op.invokeNanos() - origin) / 1e6, ret,
                KvDescriptions.describe(op.input(), op.output()));
    }
}
