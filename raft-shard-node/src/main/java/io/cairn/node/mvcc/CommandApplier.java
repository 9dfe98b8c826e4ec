package io.cairn.node.mvcc;

import io.cairn.api.etcdserverpb.DeleteRangeResponse;
import io.cairn.api.etcdserverpb.LeaseRevokeResponse;
import io.cairn.api.etcdserverpb.PutRequest;
import io.cairn.api.etcdserverpb.TxnRequest;
import io.cairn.api.shard.KvErrorCode;
import io.cairn.api.shard.ShardCommand;
import io.cairn.api.shard.ShardResponse;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * Executes one committed command against the live state into a WriteBatch (etcd's
 * applierV3backend): validation, the stale-revision rule, then Put, DeleteRange, Txn,
 * Compact or a lease command ({@link LeaseCommands}). A KvException leaves the batch to be discarded by the caller.
 */
final class CommandApplier {

    /** What applying a command produced; {@code compaction} is non-null when one was recorded. */
    record Outcome(ShardResponse response, long currentRevision, Compactor.Pending compaction) {
    }

    private final StoreDb store;
    private final LeaseCheck leases;

    CommandApplier(StoreDb store, LeaseCheck leases) {
        this.store = store;
        this.leases = leases;
    }

    Outcome apply(ShardCommand command, WriteBatch batch) throws RocksDBException {
        try (StoreReader reader = StoreReader.live(store)) {
            long current = reader.currentRevision();
            switch (command.getOpCase()) {
                case PUT -> {
                    PutRequest p = command.getPut();
                    RequestChecks.put(p);
                    WriteTxn txn = begin(command, current, reader);
                    if (p.getLease() != 0 && !leaseLookup(command, reader).exists(p.getKey(), p.getLease())) {
                        throw leaseNotFound();
                    }
                    ShardResponse response = ShardResponse.newBuilder().setPut(txn.put(p)).build();
                    return commit(txn, batch, response, current);
                }
                case DELETE_RANGE -> {
                    RequestChecks.delete(command.getDeleteRange());
                    WriteTxn txn = begin(command, current, reader);
                    ShardResponse response = ShardResponse.newBuilder()
                            .setDeleteRange(txn.delete(command.getDeleteRange())).build();
                    return commit(txn, batch, response, current);
                }
                case TXN -> {
                    TxnRequest t = command.getTxn();
                    RequestChecks.txn(t);
                    WriteTxn txn = TxnRunner.isReadOnly(t)
                            ? new WriteTxn(current + 1, current, reader.latest())
                            : begin(command, current, reader);
                    ShardResponse response = ShardResponse.newBuilder()
                            .setTxn(new TxnRunner(reader, txn, leaseLookup(command, reader), command.getRevision())
                                    .run(t)).build();
                    return commit(txn, batch, response, current);
                }
                case COMPACT -> {
                    Compactor.Pending pending = Compactor.record(command.getCompact(), reader, store, batch);
                    ShardResponse response = ShardResponse.newBuilder()
                            .setCompact(io.cairn.api.etcdserverpb.CompactionResponse.newBuilder()
                                    .setHeader(WriteTxn.header(current)))
                            .build();
                    return new Outcome(response, current, pending);
                }
                case LEASE_GRANT -> {
                    ShardResponse response = ShardResponse.newBuilder()
                            .setLeaseGrant(leaseCommands(reader).grant(command.getLeaseGrant(), batch, current)).build();
                    return new Outcome(response, current, null);
                }
                case LEASE_REVOKE -> {
                    WriteTxn txn = begin(command, current, reader);
                    LeaseRevokeResponse revoked = leaseCommands(reader).revoke(command.getLeaseRevoke(), txn, batch);
                    ShardResponse response = ShardResponse.newBuilder()
                            .setLeaseRevoke(revoked.toBuilder().setHeader(WriteTxn.header(txn.revision()))).build();
                    // A revoke always takes its revision, even with no key here: the fan-out
                    // carries it, and a lease check on this home reads a revision below it
                    // exactly when it ran before the revoke (LeaseCommands#mayAttach).
                    return consume(txn, batch, response);
                }
                case LEASE_CHECKPOINT -> {
                    leaseCommands(reader).checkpoint(command.getLeaseCheckpoint(), batch);
                    return new Outcome(ShardResponse.getDefaultInstance(), current, null);
                }
                case DELETE_BY_LEASE -> {
                    WriteTxn txn = begin(command, current, reader);
                    long deleted = leaseCommands(reader).deleteByLease(command.getDeleteByLease(), txn, batch);
                    ShardResponse response = ShardResponse.newBuilder().setDeleteRange(DeleteRangeResponse.newBuilder()
                            .setHeader(WriteTxn.header(txn.readRevision())).setDeleted(deleted)).build();
                    return commit(txn, batch, response, current);
                }
                default -> throw new KvException(KvErrorCode.INVALID_ARGUMENT, "empty shard command");
            }
        }
    }

    private LeaseCommands leaseCommands(StoreReader reader) {
        return new LeaseCommands(new LeaseTable(store, reader));
    }

    /**
     * A lease may be attached when the gateway checked it on the tenant's lease home
     * ({@code leases_checked}) and no revoke of it above the checked revision reached this
     * shard since, when this store holds it (it is the home), or when the injected
     * {@link LeaseCheck} knows it.
     */
    private LeaseLookup leaseLookup(ShardCommand command, StoreReader reader) {
        if (command.getLeasesChecked()) {
            LeaseCommands revoked = leaseCommands(reader);
            return (key, id) -> revoked.mayAttach(StoreKeys.tenant(key), id, command.getLeasesCheckedRevision());
        }
        LeaseTable table = new LeaseTable(store, reader);
        return (key, id) -> table.exists(StoreKeys.tenant(key), id) || leases.exists(id);
    }

    private static WriteTxn begin(ShardCommand command, long current, StoreReader reader) {
        if (command.getRevision() <= current) {
            throw new KvException(KvErrorCode.INTERNAL, "stale revision");
        }
        return new WriteTxn(command.getRevision(), current, reader.latest());
    }

    private Outcome consume(WriteTxn txn, WriteBatch batch, ShardResponse response) throws RocksDBException {
        if (txn.hasChanges()) {
            txn.writeTo(store, batch);
        }
        batch.put(store.meta, StoreKeys.REVISION, StoreKeys.longBytes(txn.revision()));
        return new Outcome(response, txn.revision(), null);
    }

    private Outcome commit(WriteTxn txn, WriteBatch batch, ShardResponse response, long current)
            throws RocksDBException {
        if (!txn.hasChanges()) {
            return new Outcome(response, current, null);
        }
        txn.writeTo(store, batch);
        batch.put(store.meta, StoreKeys.REVISION, StoreKeys.longBytes(txn.revision()));
        return new Outcome(response, txn.revision(), null);
    }

    static KvException leaseNotFound() {
        return new KvException(KvErrorCode.LEASE_NOT_FOUND, "etcdserver: requested lease not found");
    }
}
