package io.cairn.testkit.linearizability;

/**
 * An operation as the checker sees it: a call interval and what went in and out. An operation whose
 * outcome is unknown has {@code returnNanos == }{@link #NEVER}: it may take effect any time after
 * its call, or never (the model must accept it whatever state it is applied in).
 */
public record Op<I, O>(int id, int clientId, long callNanos, long returnNanos, I input, O output) {
    public static final long NEVER = Long.MAX_VALUE;

    public Op {
        if (returnNanos < callNanos) {
            throw new IllegalArgumentException("op " + id + " returns before its call");
        }
    }

    public boolean pending() {
        return returnNanos == NEVER;
    }
}
