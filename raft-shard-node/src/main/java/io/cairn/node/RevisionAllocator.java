package io.cairn.node;

import io.cairn.api.placement.AllocateRevisionsResponse;
import io.cairn.controlplane.client.PlacementClient;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;

/**
 * Takes revisions from the control plane's timestamp oracle for every shard leader on this
 * node. Requests that arrive while a TSO call is in flight wait and are served together by
 * the next call, so concurrent writes cost one round trip. At most one call is in flight and
 * each call returns revisions above the previous one, so blocks come out in increasing order.
 *
 * <p>No thread of its own: a call is issued on the thread that asks when none is in flight,
 * and the next one on the thread that completes the previous call. A call that answers at
 * once (an in-process oracle with revisions in its window) is handled in a loop, not by
 * recursion.
 */
final class RevisionAllocator implements AutoCloseable {
    private final PlacementClient placement;
    private final Object lock = new Object();
    private Deque<Request> waiting = new ArrayDeque<>();
    private boolean callInFlight;
    private boolean closed;

    RevisionAllocator(PlacementClient placement) {
        this.placement = placement;
    }

    /** The first of {@code count} consecutive fresh revisions. */
    CompletableFuture<Long> allocate(int count) {
        Request request = new Request(count, new CompletableFuture<>());
        boolean issue;
        synchronized (lock) {
            if (closed) {
                return CompletableFuture.failedFuture(new IllegalStateException("store node is closing"));
            }
            waiting.addLast(request);
            issue = !callInFlight;
            callInFlight = true;
        }
        if (issue) {
            issueCalls();
        }
        return request.first();
    }

    /** Issues calls while requests wait; returns when none waits or a call is still running. */
    private void issueCalls() {
        while (true) {
            Deque<Request> batch;
            synchronized (lock) {
                if (waiting.isEmpty()) {
                    callInFlight = false;
                    return;
                }
                batch = waiting;
                waiting = new ArrayDeque<>();
            }
            int total = batch.stream().mapToInt(Request::count).sum();
            CompletableFuture<AllocateRevisionsResponse> call;
            try {
                call = placement.allocateRevisions(total);
            } catch (RuntimeException e) {
                call = CompletableFuture.failedFuture(e);
            }
            if (!call.isDone()) {
                call.whenComplete((response, error) -> {
                    complete(batch, response, error);
                    issueCalls();
                });
                return;
            }
            AllocateRevisionsResponse response = null;
            Throwable error = null;
            try {
                response = call.join();
            } catch (RuntimeException e) {
                error = e.getCause() != null ? e.getCause() : e;
            }
            complete(batch, response, error);
        }
    }

    private void complete(Deque<Request> batch, AllocateRevisionsResponse response, Throwable error) {
        if (error != null) {
            batch.forEach(r -> r.first().completeExceptionally(error));
        } else {
            distribute(batch, response);
        }
    }

    private void distribute(Deque<Request> batch, AllocateRevisionsResponse response) {
        long next = response.getFirst();
        long end = response.getFirst() + response.getCount();
        while (!batch.isEmpty() && next + batch.peekFirst().count() <= end) {
            Request r = batch.pollFirst();
            r.first().complete(next);
            next += r.count();
        }
        if (!batch.isEmpty()) {
            // The oracle gave fewer than asked: the rest go first in the next call.
            synchronized (lock) {
                while (!batch.isEmpty()) {
                    waiting.addFirst(batch.pollLast());
                }
            }
        }
    }

    /** Fails the requests still waiting for a call and refuses new ones. */
    @Override
    public void close() {
        Deque<Request> dropped;
        synchronized (lock) {
            closed = true;
            dropped = waiting;
            waiting = new ArrayDeque<>();
        }
        IllegalStateException closing = new IllegalStateException("store node is closing");
        dropped.forEach(r -> r.first().completeExceptionally(closing));
    }

    private record Request(int count, CompletableFuture<Long> first) {
    }
}
