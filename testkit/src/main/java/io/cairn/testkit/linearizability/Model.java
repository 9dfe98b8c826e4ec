package io.cairn.testkit.linearizability;

import java.util.List;

/**
 * A sequential specification: the states an object may be in and how each operation moves it.
 * {@link #step} may return several states (a non-deterministic model, e.g. for an operation whose
 * outcome is unknown); the checker then follows all of them at once. States must implement
 * {@code equals}/{@code hashCode}: the checker memoises (linearized set, states) pairs.
 */
public interface Model<S, I, O> {

    S init();

    /** Every state the object may be in after {@code input} returned {@code output}; empty if impossible. */
    List<S> step(S state, I input, O output);

    /**
     * Splits a history into sub-histories that can be checked apart (Horn and Kroening's
     * P-compositionality: the history is linearizable iff every part is). The default keeps one.
     */
    default List<Partition<I, O>> partition(List<Op<I, O>> ops) {
        return List.of(new Partition<>("whole history", ops));
    }

    /** A one-line description of an operation for reports. */
    default String describe(I input, O output) {
        return input + " -> " + output;
    }
}
