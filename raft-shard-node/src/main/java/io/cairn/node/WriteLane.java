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
    private final long shardId;
    private final Object lock = new Object();
    private final ArrayDeque<Write> queue = new ArrayDeque<>();
    private boolean draining;

    WriteLane(long shardId, RevisionAllocator revisions, InFlightWrites inFlight,
              Function<ShardCommand, CompletableFuture<ShardResponse>> propose,
              Function<Throwable, ShardResponse> noRevision) {
        this.shardId = shardId;
        this.revisions = revisions;
        this.inFlight = inFlight;
        this.propose = propose;
        this.noRevision = noRevision;
    }

    /** Proposes {@code command} with a fresh revision; completes when it is applied or fails. */
    CompletableFuture<ShardResponse> submit(ShardCommand command) {
        Write write = new Write(command, inFlight.start(), new CompletableFuture<>(), System.nanoTime());
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

    /**
     * Takes revisions for the queued writes, batch by batch, until the queue is empty. A batch
     * whose revisions arrive later continues from the allocator's callback; one whose revisions
     * are there at once (an in-process oracle) continues in this loop rather than recursing.
     */
    private void drainNext() {
        while (true) {
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
            CompletableFuture<Long> first = revisions.allocate(batch.size());
            if (!first.isDone()) {
                first.whenComplete((revision, error) -> {
                    proposeBatch(batch, revision, error);
                    drainNext();
                });
                return;
            }
            Long revision = null;
            Throwable error = null;
            try {
                revision = first.join();
            } catch (RuntimeException e) {
                error = e.getCause() != null ? e.getCause() : e;
            }
            proposeBatch(batch, revision, error);
        }
    }

    private void proposeBatch(List<Write> batch, Long first, Throwable error) {
        long proposed = System.nanoTime();
        for (int i = 0; i < batch.size(); i++) {
            Write write = batch.get(i);
            CompletableFuture<ShardResponse> outcome = error != null
                    ? CompletableFuture.completedFuture(noRevision.apply(error))
                    : proposeSafely(write.command().toBuilder().setRevision(first + i).build());
            outcome.whenComplete((response, failure) -> {
                inFlight.finish(write.ticket());
                record(write, proposed);
                if (failure != null) {
                    write.result().completeExceptionally(failure);
                } else {
                    write.result().complete(response);
                }
            });
        }
    }

    private void record(Write write, long proposed) {
        StageTimings.Write event = new StageTimings.Write();
        if (event.isEnabled()) {
            long now = System.nanoTime();
            event.shard = shardId;
            event.revisionWait = proposed - write.submitted();
            event.raft = now - proposed;
            event.total = now - write.submitted();
            event.commit();
        }
    }

    private CompletableFuture<ShardResponse> proposeSafely(ShardCommand command) {
        try {
            return propose.apply(command);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private record Write(ShardCommand command, long ticket, CompletableFuture<ShardResponse> result, long submitted) {
    }
}
