package io.cairn.node;

import io.cairn.api.placement.AllocateRevisionsResponse;
import io.cairn.controlplane.client.PlacementClient;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

/**
 * Takes revisions from the control plane's timestamp oracle for every shard leader on this
 * node. Requests that arrive while a TSO call is in flight wait and are served together by
 * the next call, so concurrent writes cost one round trip. At most one call is in flight and
 * each call returns revisions above the previous one, so blocks come out in increasing order.
 */
final class RevisionAllocator implements AutoCloseable {
    private final PlacementClient placement;
    private final ExecutorService completions =
            Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon().name("revision-allocator").factory());
    private final Object lock = new Object();
    private Deque<Request> waiting = new ArrayDeque<>();
    private boolean callInFlight;

    RevisionAllocator(PlacementClient placement) {
        this.placement = placement;
    }

    /** The first of {@code count} consecutive fresh revisions. */
    CompletableFuture<Long> allocate(int count) {
        Request request = new Request(count, new CompletableFuture<>());
        boolean issue;
        synchronized (lock) {
            waiting.addLast(request);
            issue = !callInFlight;
            callInFlight = true;
        }
        if (issue) {
            try {
                completions.execute(this::issueCall);
            } catch (RejectedExecutionException e) {
                request.first().completeExceptionally(new IllegalStateException("store node is closing", e));
            }
        }
        return request.first();
    }

    private void issueCall() {
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
        call.whenCompleteAsync((response, error) -> {
            if (error != null) {
                batch.forEach(r -> r.first().completeExceptionally(error));
            } else {
                distribute(batch, response);
            }
            issueCall();
        }, completions);
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

    @Override
    public void close() {
        completions.shutdownNow();
    }

    private record Request(int count, CompletableFuture<Long> first) {
    }
}
