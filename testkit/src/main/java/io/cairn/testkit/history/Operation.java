package io.cairn.testkit.history;

import java.util.Objects;

/**
 * One client call: who made it, when it was invoked and when it returned ({@link System#nanoTime()}),
 * what was asked and what came back. For an {@link KvOutput.Unknown} output {@code returnNanos} is
 * the time the client gave up; checkers treat it as infinity.
 */
public record Operation(int id, int clientId, long invokeNanos, long returnNanos, KvInput input, KvOutput output) {
    public Operation {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(output, "output");
        if (returnNanos < invokeNanos) {
            throw new IllegalArgumentException("operation " + id + " returns before it is invoked");
        }
    }

    public boolean outcomeUnknown() {
        return output instanceof KvOutput.Unknown;
    }

    public Operation withOutput(KvOutput newOutput) {
        return new Operation(id, clientId, invokeNanos, returnNanos, input, newOutput);
    }

    public Operation withReturn(long newReturnNanos, KvOutput newOutput) {
        return new Operation(id, clientId, invokeNanos, newReturnNanos, input, newOutput);
    }
}
