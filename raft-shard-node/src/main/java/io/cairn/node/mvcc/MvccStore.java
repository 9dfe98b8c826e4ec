package io.cairn.node.mvcc;

import com.google.protobuf.ByteString;
import io.cairn.api.etcdserverpb.RangeRequest;
import io.cairn.api.meta.ShardDescriptor;
import io.cairn.api.mvccpb.Event;
import io.cairn.api.shard.ShardCommand;
import io.cairn.api.shard.ShardPrepareMergeCommand;
import io.cairn.api.shard.ShardResponse;
import io.cairn.api.shard.StoredLease;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The MVCC state of one shard, on its own RocksDB instance: etcd's data model exactly
 * (revision, create_revision, mod_revision, version, history until compaction).
 *
 * <p>Writes arrive only through {@link #apply}, called by the Raft state machine with
 * committed log entries in log order; apply is deterministic, so every replica ends in
 * the same state. Keys are internal keys (8-byte tenant id + user key); compaction is
 * per tenant (the first 8 bytes of a key).
 *
 * <p>Not thread-safe for writers (one applier thread); reads may run concurrently with
 * apply and see a consistent RocksDB snapshot.
 */
public interface MvccStore extends AutoCloseable {

    /** Opens (or creates) the store in {@code dir}; every non-zero lease is unknown. */
    static MvccStore open(Path dir) {
        return RocksMvccStore.open(dir);
    }

    /** Opens (or creates) the store in {@code dir}; Puts attaching a lease ask {@code leases}. */
    static MvccStore open(Path dir, LeaseCheck leases) {
        return RocksMvccStore.open(dir, leases);
    }

    /**
     * Applies one committed command at Raft log index {@code logIndex}, atomically with
     * the new applied index. Entries at or below {@link #appliedIndex()} are skipped
     * (returns null): replay after restart is idempotent. A command whose revision is not
     * above {@link #currentRevision()} is rejected deterministically with a KvError
     * (code INTERNAL, "stale revision") and changes nothing but the applied index.
     * Returns the etcd response (header.revision filled, other header fields left to the
     * caller) or a ShardResponse carrying a KvError.
     *
     * <p>Details: a write that changes nothing (a delete matching no key, a txn whose branch
     * writes nothing) consumes no revision. A txn with only ranges in both branches is not
     * subject to the stale-revision rule (it may carry revision 0). Inner responses of a txn
     * carry etcd's inner headers (revision only; a nested txn's header is empty). A compact
     * command is accepted at a revision above {@link #currentRevision()} (revisions are
     * global; the gateway checks FUTURE_REVISION); its physical removal runs before apply
     * returns, whatever {@code physical} says.
     */
    ShardResponse apply(ShardCommand command, long logIndex);

    /** Records {@code logIndex} as applied for an entry that carries no command. */
    void markApplied(long logIndex);

    /**
     * Range exactly as etcd: latest state when revision is 0, else the state at that
     * revision (COMPACTED below the tenant's compaction revision). A revision above
     * {@link #currentRevision()} is served from the latest state: revisions are global
     * and the caller (the shard engine) guarantees no write at or below it is pending.
     */
    ShardResponse range(RangeRequest request);

    /** Events with revision in [fromRevision, toRevision] for keys in [key, rangeEnd), in order. */
    List<Event> events(byte[] key, byte[] rangeEnd, long fromRevision, long toRevision);

    /** The leases held by this store (its tenants' lease home): of {@code tenant}, or all when empty. */
    List<StoredLease> leases(ByteString tenant);

    /** Lease {@code id} of {@code tenant}, when this store holds it. */
    Optional<StoredLease> lease(ByteString tenant, long id);

    /** The internal keys of this store attached to lease {@code id} of {@code tenant}, in key order. */
    List<ByteString> leaseKeys(ByteString tenant, long id);

    long appliedIndex();

    /** The highest revision applied to this shard (0 when none). */
    long currentRevision();

    /** Compaction revision of the tenant owning {@code key} (0 when never compacted). */
    long compactRevision(byte[] key);

    long approximateSizeBytes();

    long approximateKeys();

    /**
     * Writes a consistent copy of the whole state (a RocksDB checkpoint) into {@code dir},
     * which must not exist or be an empty directory.
     */
    void saveSnapshot(Path dir);

    /**
     * Replaces the whole state with a copy written by {@link #saveSnapshot} ({@code dir} is
     * copied, not consumed); waits for in-flight reads.
     */
    void loadSnapshot(Path dir);

    /**
     * The shard's descriptor recorded in the store: written by {@link #recordShard} and
     * {@link #finishSplit} at a log index, carried by snapshots; empty when none yet.
     */
    Optional<ShardDescriptor> recordedShard();

    /** Records {@code shard} when no descriptor is recorded yet (a bootstrapped replica starting empty). */
    void seedShard(ShardDescriptor shard);

    /** Records {@code shard} atomically with applied index {@code logIndex} (skipped when already applied). */
    void recordShard(ShardDescriptor shard, long logIndex);

    /**
     * Writes into {@code dir} (which must not exist) a store holding only the keys {@code >=
     * splitKey} (latest, history, events; compaction revisions and the current revision kept),
     * applied index 0 and recorded descriptor {@code right}, synced to disk: the new shard's
     * state at the split. Cost: a RocksDB checkpoint (hard links) plus range deletions.
     */
    void exportSplit(byte[] splitKey, ShardDescriptor right, Path dir);

    /**
     * Removes every key {@code >= splitKey} and records {@code left}, atomically with applied
     * index {@code logIndex} (skipped when already applied); the removed range is compacted away
     * in the background.
     */
    void finishSplit(byte[] splitKey, ShardDescriptor left, long logIndex);

    /** The freeze of this store as a merge source (docs/adr/0006-shard-merge.md); empty when not frozen. */
    Optional<ShardPrepareMergeCommand> mergeFreeze();

    /** Records the merge freeze atomically with applied index {@code logIndex} (skipped when already applied). */
    void freezeForMerge(ShardPrepareMergeCommand prepare, long logIndex);

    /** Checksum of the data rows (latest, history, events, leases, lease index): equal on equal replicas. */
    long mergeChecksum();

    /**
     * Copies every row of the frozen {@code source} store into this one, with the larger of both
     * current revisions and of each tenant's compaction revision, and records {@code merged},
     * atomically with applied index {@code logIndex} and synced (no later replay needs the
     * source). Fails, changing nothing, when the source's checksum is not {@code expectedChecksum}.
     */
    void absorb(MvccStore source, ShardDescriptor merged, long expectedChecksum, long logIndex);

    /** Approximately the middle key of the latest data (empty when the store holds under two keys). */
    byte[] approximateMiddleKey();

    @Override
    void close();
}
