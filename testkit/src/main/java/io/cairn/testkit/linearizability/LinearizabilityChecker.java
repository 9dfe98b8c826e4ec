package io.cairn.testkit.linearizability;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;

/**
 * Checks a concurrent history against a {@link Model}: Wing and Gong's search for a linearization,
 * in Lowe's form (an ordered list of call and return events, operations lifted out as they are
 * linearized, each (linearized set, state) pair visited at most once), on each partition the model
 * defines, smallest first, within one time budget.
 */
public final class LinearizabilityChecker {
    private LinearizabilityChecker() {
    }

    public static <S, I, O> Verdict check(Model<S, I, O> model, List<Op<I, O>> ops, Duration budget) {
        long deadline = System.nanoTime() + budget.toNanos();
        List<Partition<I, O>> parts = model.partition(ops).stream()
                .sorted(Comparator.comparingInt(p -> p.ops().size()))
                .toList();
        int decided = 0;
        for (Partition<I, O> part : parts) {
            Search.Outcome outcome = new Search<>(model, part).run(deadline);
            switch (outcome) {
                case Search.Outcome.Linearizable l -> decided++;
                case Search.Outcome.NotLinearizable n -> {
                    return new Verdict.Illegal(n.report());
                }
                case Search.Outcome.TimedOut t -> {
                    return new Verdict.Unknown("time budget of " + budget + " ran out in partition " + part.name()
                            + " (" + part.ops().size() + " ops) after " + t.steps() + " steps; " + decided + " of "
                            + parts.size() + " partitions were linearizable");
                }
            }
        }
        return new Verdict.Ok(parts.size(), ops.size());
    }
}
