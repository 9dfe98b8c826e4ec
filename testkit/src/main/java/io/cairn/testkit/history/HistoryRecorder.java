package io.cairn.testkit.history;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Records client calls from many threads. Call {@link #invoke} just before sending a request and
 * {@link #complete} with what came back; a call never completed is reported as
 * {@link KvOutput.Unknown}. Values for puts come from {@link #uniqueValue} so that every write is
 * identifiable by its value.
 */
public final class HistoryRecorder {
    private final AtomicInteger nextId = new AtomicInteger();
    private final AtomicLong nextValue = new AtomicLong();
    private final Map<Integer, Call> pending = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Operation> completed = new ConcurrentLinkedQueue<>();

    /** A call in flight; hand it back to {@link #complete}. */
    public record Call(int id, int clientId, long invokeNanos, KvInput input) {
    }

    public Call invoke(int clientId, KvInput input) {
        Call call = new Call(nextId.getAndIncrement(), clientId, System.nanoTime(), input);
        pending.put(call.id(), call);
        return call;
    }

    public void complete(Call call, KvOutput output) {
        long now = System.nanoTime();
        if (pending.remove(call.id()) == null) {
            throw new IllegalStateException("call " + call.id() + " completed twice or never invoked");
        }
        completed.add(new Operation(call.id(), call.clientId(), call.invokeNanos(), now, call.input(), output));
    }

    /**
     * Invokes, runs {@code request} and completes with its output. A runtime exception thrown by
     * {@code request} is recorded as {@link KvOutput.Unknown} and rethrown: callers that can tell a
     * definite failure should return {@link KvOutput.Failure} instead of throwing.
     */
    public KvOutput record(int clientId, KvInput input, Supplier<KvOutput> request) {
        Call call = invoke(clientId, input);
        KvOutput output;
        try {
            output = request.get();
        } catch (RuntimeException e) {
            complete(call, new KvOutput.Unknown(e.toString()));
            throw e;
        }
        complete(call, output);
        return output;
    }

    /** A value never handed out before by this recorder, e.g. {@code "c3-v17"}. */
    public String uniqueValue(int clientId) {
        return "c" + clientId + "-v" + nextValue.getAndIncrement();
    }

    /** Everything recorded so far, ordered by invoke time; calls still in flight are Unknown. */
    public History history() {
        long now = System.nanoTime();
        List<Operation> ops = new ArrayList<>(completed);
        for (Call call : pending.values()) {
            ops.add(new Operation(call.id(), call.clientId(), call.invokeNanos(), Math.max(now, call.invokeNanos()),
                    call.input(), new KvOutput.Unknown("no response recorded")));
        }
        ops.sort(Comparator.comparingLong(Operation::invokeNanos).thenComparingInt(Operation::id));
        return new History(ops);
    }
}
