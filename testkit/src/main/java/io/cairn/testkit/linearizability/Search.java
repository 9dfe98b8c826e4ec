package io.cairn.testkit.linearizability;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Lowe's depth-first search for one partition. The call and return events sit in a doubly linked
 * list ordered by time. Walking from the front, a call may be linearized now if the model accepts
 * it; it and its return are then lifted out of the list and the walk restarts. Reaching a return
 * means that operation had to be linearized earlier: undo the last choice. A (linearized set,
 * states) pair already explored is never explored again.
 */
final class Search<S, I, O> {
    private static final int END = -1;

    sealed interface Outcome {
        record Linearizable() implements Outcome {
        }

        record NotLinearizable(Report report) implements Outcome {
        }

        record TimedOut(long steps) implements Outcome {
        }
    }

    private record Frame<S>(int callNode, Set<S> states) {
    }

    private record Memo<S>(BitSet linearized, Set<S> states) {
    }

    private final Model<S, I, O> model;
    private final Partition<I, O> partition;
    private final EventList events;
    private final List<Frame<S>> stack = new ArrayList<>();
    private int[] bestPrefix = new int[0];

    Search(Model<S, I, O> model, Partition<I, O> partition) {
        this.model = model;
        this.partition = partition;
        this.events = new EventList(partition.ops());
    }

    Outcome run(long deadlineNanos) {
        Set<S> states = Set.of(model.init());
        BitSet linearized = new BitSet();
        Set<Memo<S>> seen = new HashSet<>();
        long steps = 0;
        int node = events.first();
        while (events.first() != END) {
            if ((++steps & 0xFF) == 0 && System.nanoTime() > deadlineNanos) {
                return new Outcome.TimedOut(steps);
            }
            if (events.isCall(node)) {
                int op = events.op(node);
                Set<S> next = step(states, partition.ops().get(op));
                if (!next.isEmpty()) {
                    linearized.set(op);
                    if (seen.add(new Memo<>((BitSet) linearized.clone(), next))) {
                        stack.add(new Frame<>(node, states));
                        states = next;
                        events.lift(node);
                        rememberIfLongest();
                        node = events.first();
                        continue;
                    }
                    linearized.clear(op);
                }
                node = events.next(node);
            } else {
                if (stack.isEmpty()) {
                    return new Outcome.NotLinearizable(new ReportBuilder<>(model, partition, bestPrefix).build());
                }
                Frame<S> top = stack.removeLast();
                states = top.states();
                linearized.clear(events.op(top.callNode()));
                events.unlift(top.callNode());
                node = events.next(top.callNode());
            }
        }
        return new Outcome.Linearizable();
    }

    private Set<S> step(Set<S> states, Op<I, O> op) {
        Set<S> next = new LinkedHashSet<>();
        for (S s : states) {
            next.addAll(model.step(s, op.input(), op.output()));
        }
        return next;
    }

    private void rememberIfLongest() {
        if (stack.size() > bestPrefix.length) {
            bestPrefix = stack.stream().mapToInt(f -> events.op(f.callNode())).toArray();
        }
    }
}
