package io.cairn.node.watch;

import java.util.concurrent.CompletableFuture;

/**
 * What a shard's {@link EventHub} needs from its engine: a revision R such that every
 * event of the shard with a revision at or below R has been applied on this replica and no
 * other can appear later. The engine takes R from the timestamp oracle, waits for the
 * writes that started before, and confirms leadership with a read index (the same barrier
 * as a read at a revision). Fails with {@link WatchEndedException} when this replica does
 * not lead; other failures (the oracle unreachable) are retried on the next tick.
 */
@FunctionalInterface
public interface ProgressBarrier {

    CompletableFuture<Long> safeRevision();
}
