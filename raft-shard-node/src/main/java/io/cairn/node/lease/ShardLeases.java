package io.cairn.node.lease;

import io.cairn.api.shard.ShardCommand;
import io.cairn.api.shard.ShardLeaseRequest;
import io.cairn.api.shard.ShardResponse;
import io.cairn.node.mvcc.MvccStore;
import java.util.concurrent.CompletableFuture;

/**
 * The leases of one shard replica (docs/adr/0005-leases.md). The replicated part (lease
 * rows, attached keys) lives in the {@link MvccStore} and changes only through the shard's
 * log; this part runs on the leader: it answers lease requests, keeps deadlines in memory,
 * renews them on keepalive without a log write, checkpoints remaining TTLs and proposes a
 * revoke for every lease past its deadline. Followers do nothing but forget.
 */
public interface ShardLeases extends AutoCloseable {

    static ShardLeases create(LeaseContext context) {
        return new LeaseService(context);
    }

    /** Serves a lease request; the caller has checked that this replica leads. */
    CompletableFuture<ShardResponse> execute(ShardLeaseRequest request);

    /** Called on the apply thread after {@code command} was applied with {@code response}. */
    void applied(ShardCommand command, ShardResponse response);

    /** Called on the apply thread once this replica leads and has applied every earlier entry. */
    void leaderStarted();

    /**
     * Called on the apply thread after a split or merge changed which leases this store holds:
     * a leader keeps the deadlines of the leases it still holds, forgets the ones that moved
     * away and counts down the ones that arrived from their checkpoint (else their full TTL).
     */
    void reload();

    /** Called when this replica stops leading: its deadlines are forgotten. */
    void leaderStopped();

    @Override
    void close();
}
