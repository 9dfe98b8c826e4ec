package io.cairn.testkit.linearizability;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The call and return events of a partition as a doubly linked list ordered by time (calls before
 * returns at equal times, so touching operations count as concurrent), with O(1) lift and unlift
 * of an operation's two events. Node {@code 2n} is the head sentinel; -1 ends the list.
 */
final class EventList {
    private static final int END = -1;
    private final int head;
    private final int[] next;
    private final int[] prev;
    private final int[] opOf;
    private final int[] match;
    private final boolean[] call;

    private record Event(long time, boolean call, int op) {
    }

    EventList(List<? extends Op<?, ?>> ops) {
        int n = ops.size();
        List<Event> sorted = new ArrayList<>(2 * n);
        for (int i = 0; i < n; i++) {
            sorted.add(new Event(ops.get(i).callNanos(), true, i));
            sorted.add(new Event(ops.get(i).returnNanos(), false, i));
        }
        sorted.sort(Comparator.comparingLong(Event::time).thenComparing(e -> !e.call()).thenComparingInt(Event::op));
        head = 2 * n;
        next = new int[2 * n + 1];
        prev = new int[2 * n + 1];
        opOf = new int[2 * n];
        match = new int[2 * n];
        call = new boolean[2 * n];
        int[] callNode = new int[n];
        int last = head;
        for (int node = 0; node < 2 * n; node++) {
            Event e = sorted.get(node);
            opOf[node] = e.op();
            call[node] = e.call();
            if (e.call()) {
                callNode[e.op()] = node;
            } else {
                match[node] = callNode[e.op()];
                match[callNode[e.op()]] = node;
            }
            next[last] = node;
            prev[node] = last;
            last = node;
        }
        next[last] = END;
    }

    int first() {
        return next[head];
    }

    int next(int node) {
        return next[node];
    }

    boolean isCall(int node) {
        return call[node];
    }

    int op(int node) {
        return opOf[node];
    }

    /** Removes a call and its return. */
    void lift(int callNode) {
        remove(callNode);
        remove(match[callNode]);
    }

    /** Puts back what the matching {@link #lift} removed (in reverse order, as dancing links need). */
    void unlift(int callNode) {
        restore(match[callNode]);
        restore(callNode);
    }

    private void remove(int node) {
        next[prev[node]] = next[node];
        if (next[node] != END) {
            prev[next[node]] = prev[node];
        }
    }

    private void restore(int node) {
        next[prev[node]] = node;
        if (next[node] != END) {
            prev[next[node]] = node;
        }
    }
}
