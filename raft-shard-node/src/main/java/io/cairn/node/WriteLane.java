package io.cairn.node;

import io.cairn.api.shard.ShardCommand;
import io.cairn.api.shard.ShardResponse;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The write path of one shard leader: takes a revision for each write and proposes the
 * writes in revision order. Writes queue while the previous batch waits for the timestamp
 * oracle; a batch is proposed, in order, before the next batch asks for revisions, so the
 * log carries increasing revisions.
 */
final class WriteLane {
    private static final int MAX_BATCH = 256;

    private final RevisionAllocator revisions;
    private final InFlightWrites inFlight;
    private final Function<ShardCommand, CompletableFuture<ShardResponse>> propose;
    private final Function<Throwable, ShardResponse> noRevision;
    private final Object lock = new Object();
    private final ArrayDeque<Write> queue = new ArrayDeque<>();
    private boolean draining;

    WriteLane(RevisionAllocator revisions, InFlightWrites inFlight,
              Function<ShardCommand, CompletableFuture<ShardResponse>> propose,
              Function<Throwable, ShardResponse> noRevision) {
        this.revisions = revisions;
        this.inFlight = inFlight;
        this.propose = propose;
        this.noRevision = noRevision;
    }

    /** Proposes {@code command} with a fresh revision; completes when it is applied or fails. */
    CompletableFuture<ShardResponse> submit(ShardCommand command) {
        Write write = new Write(command, inFlight.start(), new CompletableFuture<>());
        boolean drain;
        synchronized (lock) {
            queue.addLast(write);
            drain = !draining;
            draining = true;
        }
        if (drain) {
            drainNext();
        }
        return write.result();
    }

    private void drainNext() {
        List<Write> batch = new ArrayList<>();
        synchronized (lock) {
            while (!queue.isEmpty() && batch.size() < MAX_BATCH) {
                batch.add(queue.pollFirst());
            }
            if (batch.isEmpty()) {
                draining = false;
                return;
            }
        }
        revisions.allocate(batch.size()).whenComplete((first, error) -> {
            for (int i = 0; i < batch.size(); i++) {
                Write write = batch.get(i);
                CompletableFuture<ShardResponse> outcome = error != null
                        ? CompletableFuture.completedFuture(noRevision.apply(error))
                        : proposeSafely(write.command().toBuilder().setRevision(first + i).build());
                outcome.whenComplete((response, failure) -> {
                    inFlight.finish(write.ticket());
                    if (failure != null) {
                        write.result().completeExceptionally(failure);
                    } else {
                        write.result().complete(response);
                    }
                });
            }
            drainNext();
        });
    }

    private CompletableFuture<ShardResponse> proposeSafely(ShardCommand command) {
        try {
            return propose.apply(command);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private record Write(ShardCommand command, long ticket, CompletableFuture<ShardResponse> result) {
    }
}
