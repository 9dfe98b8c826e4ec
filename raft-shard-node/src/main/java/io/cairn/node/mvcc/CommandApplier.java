package io.cairn.node.mvcc;

import io.cairn.api.etcdserverpb.PutRequest;
import io.cairn.api.etcdserverpb.TxnRequest;
import io.cairn.api.shard.KvErrorCode;
import io.cairn.api.shard.ShardCommand;
import io.cairn.api.shard.ShardResponse;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * Executes one committed command against the live state into a WriteBatch (etcd's
 * applierV3backend): validation, the stale-revision rule, then Put, DeleteRange, Txn or
 * Compact. A KvException leaves the batch to be discarded by the caller.
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
                    if (p.getLease() != 0 && !leases.exists(p.getLease())) {
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
                            .setTxn(new TxnRunner(reader, txn, leases).run(t)).build();
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
                default -> throw new KvException(KvErrorCode.INVALID_ARGUMENT, "empty shard command");
            }
        }
    }

    private static WriteTxn begin(ShardCommand command, long current, StoreReader reader) {
        if (command.getRevision() <= current) {
            throw new KvException(KvErrorCode.INTERNAL, "stale revision");
        }
        return new WriteTxn(command.getRevision(), current, reader.latest());
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
