package io.cairn.testkit.linearizability;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Turns a failed search into a {@link Report}, replaying the longest prefix to say why each next step fails. */
final class ReportBuilder<S, I, O> {
    private final Model<S, I, O> model;
    private final Partition<I, O> partition;
    private final int[] prefix;
    private final long origin;

    ReportBuilder(Model<S, I, O> model, Partition<I, O> partition, int[] prefix) {
        this.model = model;
        this.partition = partition;
        this.prefix = prefix;
        this.origin = partition.ops().stream().mapToLong(Op::callNanos).min().orElse(0);
    }

    Report build() {
        List<Op<I, O>> ops = partition.ops();
        BitSet done = new BitSet();
        Set<S> states = Set.of(model.init());
        List<Report.Line> prefixLines = new ArrayList<>();
        for (int i : prefix) {
            done.set(i);
            states = step(states, ops.get(i));
            prefixLines.add(line(ops.get(i), ""));
        }
        Op<I, O> blocking = null;
        for (int i = 0; i < ops.size(); i++) {
            if (!done.get(i) && (blocking == null || ops.get(i).returnNanos() < blocking.returnNanos())) {
                blocking = ops.get(i);
            }
        }
        List<Report.Line> stuck = new ArrayList<>();
        if (blocking != null) {
            long limit = blocking.returnNanos();
            List<Op<I, O>> candidates = new ArrayList<>();
            for (int i = 0; i < ops.size(); i++) {
                if (!done.get(i) && ops.get(i).callNanos() <= limit) {
                    candidates.add(ops.get(i));
                }
            }
            candidates.sort(Comparator.comparingLong(Op::callNanos));
            for (Op<I, O> op : candidates) {
                String why = step(states, op).isEmpty() ? "  <- rejected by the model here"
                        : "  <- accepted, but no linearization continues from it";
                stuck.add(line(op, why));
            }
        }
        String note = "no order of these operations matches the model and the real-time order";
        return new Report(partition.name(), ops.size(), prefixLines, stuck,
                blocking == null ? null : line(blocking, ""), note);
    }

    private Set<S> step(Set<S> states, Op<I, O> op) {
        Set<S> next = new LinkedHashSet<>();
        for (S s : states) {
            next.addAll(model.step(s, op.input(), op.output()));
        }
        return next;
    }

    private Report.Line line(Op<I, O> op, String suffix) {
        Double ret = op.pending() ? null : (op.returnNanos() - origin) / 1e6;
        return new Report.Line(op.id(), op.clientId(), (op.callNanos() - origin) / 1e6, ret,
                model.describe(op.input(), op.output()) + suffix);
    }
}
