package io.cairn.node;

import io.cairn.api.placement.AllocateRevisionsResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A timestamp oracle that answers each call a millisecond later, on another thread, and counts calls. */
final class CountingPlacement extends UnsupportedPlacement {
    private final ClockRevisions revisions = new ClockRevisions();
    private final AtomicInteger calls = new AtomicInteger();

    int calls() {
        return calls.get();
    }

    @Override
    public CompletableFuture<AllocateRevisionsResponse> allocateRevisions(int count) {
        calls.incrementAndGet();
        long first = revisions.take(count);
        return CompletableFuture.supplyAsync(
                () -> AllocateRevisionsResponse.newBuilder().setFirst(first).setCount(count).build(),
                CompletableFuture.delayedExecutor(1, TimeUnit.MILLISECONDS));
    }
}
