package io.cairn.node.mvcc;

import com.google.protobuf.ByteString;
import io.cairn.api.etcdserverpb.DeleteRangeRequest;
import io.cairn.api.etcdserverpb.LeaseGrantResponse;
import io.cairn.api.etcdserverpb.LeaseRevokeResponse;
import io.cairn.api.shard.DeleteByLeaseRequest;
import io.cairn.api.shard.KvErrorCode;
import io.cairn.api.shard.LeaseCheckpoint;
import io.cairn.api.shard.LeaseCheckpointCommand;
import io.cairn.api.shard.LeaseGrantCommand;
import io.cairn.api.shard.LeaseRevokeCommand;
import io.cairn.api.shard.StoredLease;
import java.util.List;
import java.util.Optional;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * Applies the lease commands of a shard's log (etcd's lessor, the replicated part): grant
 * and checkpoint write lease rows; revoke removes the row and deletes every attached key of
 * this shard at the command's revision; delete-by-lease does the latter only (fan-out).
 */
final class LeaseCommands {

    /** etcd's MaxLeaseTTL. */
    static final long MAX_TTL = 9_000_000_000L;

    private final LeaseTable table;

    LeaseCommands(LeaseTable table) {
        this.table = table;
    }

    LeaseGrantResponse grant(LeaseGrantCommand grant, WriteBatch batch, long current) throws RocksDBException {
        if (grant.getTenant().size() != StoreKeys.TENANT_BYTES || grant.getId() == 0 || grant.getTtl() <= 0) {
            throw new KvException(KvErrorCode.INVALID_ARGUMENT, "cairn: malformed lease grant");
        }
        if (grant.getTtl() > MAX_TTL) {
            throw new KvException(KvErrorCode.LEASE_TTL_TOO_LARGE, "etcdserver: too large lease TTL");
        }
        if (table.exists(grant.getTenant().toByteArray(), grant.getId())) {
            throw new KvException(KvErrorCode.LEASE_EXISTS, "etcdserver: lease already exists");
        }
        table.put(batch, StoredLease.newBuilder().setTenant(grant.getTenant()).setId(grant.getId())
                .setTtl(grant.getTtl()).build());
        return LeaseGrantResponse.newBuilder().setHeader(WriteTxn.header(current))
                .setID(grant.getId()).setTTL(grant.getTtl()).build();
    }

    /** Deletes the lease's keys into {@code txn}; the caller commits it. */
    LeaseRevokeResponse revoke(LeaseRevokeCommand revoke, WriteTxn txn, WriteBatch batch) throws RocksDBException {
        byte[] tenant = revoke.getTenant().toByteArray();
        if (!table.exists(tenant, revoke.getId())) {
            throw CommandApplier.leaseNotFound();
        }
        deleteAttached(tenant, revoke.getId(), txn);
        table.delete(batch, tenant, revoke.getId());
        return LeaseRevokeResponse.newBuilder().build();
    }

    /**
     * Returns how many keys it deleted into {@code txn}. Remembers the revoke's revision for the
     * lease ({@link #mayAttach}), so a write checked on the home before the revoke but applied
     * here after its fan-out is refused instead of attaching a dead lease.
     */
    long deleteByLease(DeleteByLeaseRequest request, WriteTxn txn, WriteBatch batch) throws RocksDBException {
        byte[] tenant = request.getTenant().toByteArray();
        if (request.getRevokeRevision() > table.revokedAt(tenant, request.getId())) {
            table.recordRevoked(batch, tenant, request.getId(), request.getRevokeRevision());
        }
        return deleteAttached(tenant, request.getId(), txn);
    }

    /**
     * Whether a write whose lease the gateway found alive on the lease home at home revision
     * {@code checkedRevision} may attach it on this (non-home) shard: not when a revoke of that
     * lease at a higher revision has reached this shard. The home reads its revision before the
     * lease row, and a revoke deletes the row at its own revision, so a check that found the
     * lease alive was made at a revision below any later revoke; a lease granted again after the
     * revoke is checked at or above the revoke's revision and may be attached.
     */
    boolean mayAttach(byte[] tenant, long id, long checkedRevision) {
        return table.revokedAt(tenant, id) <= checkedRevision;
    }

    void checkpoint(LeaseCheckpointCommand command, WriteBatch batch) throws RocksDBException {
        for (LeaseCheckpoint cp : command.getCheckpointsList()) {
            Optional<StoredLease> lease = table.get(cp.getTenant().toByteArray(), cp.getId());
            if (lease.isPresent()) {
                table.put(batch, lease.get().toBuilder().setRemainingTtl(Math.max(0, cp.getRemainingTtl())).build());
            }
        }
    }

    private long deleteAttached(byte[] tenant, long id, WriteTxn txn) {
        List<ByteString> keys = table.keys(tenant, id);
        long deleted = 0;
        for (ByteString key : keys) {
            deleted += txn.delete(DeleteRangeRequest.newBuilder().setKey(key).build()).getDeleted();
        }
        return deleted;
    }
}
