package io.cairn.node.lease;

import com.google.protobuf.ByteString;
import io.cairn.api.shard.ShardCommand;
import io.cairn.api.shard.ShardResponse;
import io.cairn.node.mvcc.MvccStore;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * What a shard's leases need from its engine.
 *
 * @param store the shard's MVCC store (lease rows, attached keys)
 * @param write proposes a command with a fresh revision (revoke deletes keys)
 * @param propose proposes a command that writes no key (revision 0: grant, checkpoint)
 * @param isLeader whether this replica leads now
 * @param timers shared scheduler for the expiry and checkpoint ticks
 * @param nanoTime monotonic clock
 * @param tuning intervals and limits
 * @param fanOut deletes a revoked lease's keys on the tenant's other shards
 */
public record LeaseContext(
        MvccStore store,
        Function<ShardCommand, CompletableFuture<ShardResponse>> write,
        Function<ShardCommand, CompletableFuture<ShardResponse>> propose,
        BooleanSupplier isLeader,
        ScheduledExecutorService timers,
        LongSupplier nanoTime,
        LeaseTuning tuning,
        LeaseFanOut fanOut) {

    /** Deletes, on the tenant's other shards, the keys attached to a revoked lease. */
    @FunctionalInterface
    public interface LeaseFanOut {
        LeaseFanOut NONE = (tenant, id, revision) -> { };

        /** Must keep trying until every other shard has applied it; {@code revision} is the revoke's. */
        void revoked(ByteString tenant, long id, long revision);
    }

    /**
     * @param tick how often the leader looks for expired leases and due checkpoints
     * @param checkpointSilence a lease silent this long (or half its TTL if longer) is checkpointed
     * @param minTtlSeconds etcd's minimum lease TTL (1.5 election timeouts, rounded up)
     */
    public record LeaseTuning(Duration tick, Duration checkpointSilence, long minTtlSeconds) {
        public static LeaseTuning forElectionTimeout(int electionTimeoutMs) {
            long min = Math.max(1, (long) Math.ceil(1.5 * electionTimeoutMs / 1000.0));
            return new LeaseTuning(Duration.ofMillis(250), Duration.ofSeconds(5), min);
        }
    }
}
