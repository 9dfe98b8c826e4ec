package io.cairn.node.mvcc;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.cairn.api.shard.StoredLease;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;

/**
 * The lease rows of one store ({@code lease} column family) and the key-to-lease index
 * ({@code leasekeys}), read through one {@link StoreReader} (encodings: {@link StoreKeys}).
 */
final class LeaseTable {
    private static final int LEASE_KEY_BYTES = StoreKeys.TENANT_BYTES + 8;

    private final StoreDb store;
    private final StoreReader reader;

    LeaseTable(StoreDb store, StoreReader reader) {
        this.store = store;
        this.reader = reader;
    }

    Optional<StoredLease> get(byte[] tenant, long id) {
        try (RocksIterator it = reader.iterator(store.lease)) {
            byte[] key = StoreKeys.leaseKey(tenant, id);
            it.seek(key);
            return it.isValid() && Arrays.equals(it.key(), key) ? Optional.of(parse(it.value())) : Optional.empty();
        }
    }

    boolean exists(byte[] tenant, long id) {
        return get(tenant, id).isPresent();
    }

    /** The leases of {@code tenant}, or of every tenant when {@code tenant} is null, by id. */
    List<StoredLease> list(byte[] tenant) {
        List<StoredLease> leases = new ArrayList<>();
        try (RocksIterator it = reader.iterator(store.lease)) {
            if (tenant == null) {
                it.seekToFirst();
            } else {
                it.seek(tenant);
            }
            for (; it.isValid() && (tenant == null || StoreKeys.startsWith(it.key(), tenant, tenant.length)); it.next()) {
                leases.add(parse(it.value()));
            }
        }
        return leases;
    }

    /** The internal keys of this store attached to the lease, in key order. */
    List<ByteString> keys(byte[] tenant, long id) {
        List<ByteString> keys = new ArrayList<>();
        byte[] prefix = StoreKeys.leaseKey(tenant, id);
        try (RocksIterator it = reader.iterator(store.leaseKeys)) {
            for (it.seek(prefix); it.isValid() && StoreKeys.startsWith(it.key(), prefix, prefix.length); it.next()) {
                byte[] k = it.key();
                keys.add(ByteString.copyFrom(k, LEASE_KEY_BYTES, k.length - LEASE_KEY_BYTES));
            }
        }
        return keys;
    }

    /** The revoke revision a fan-out recorded here for the lease, or 0. */
    long revokedAt(byte[] tenant, long id) {
        return reader.revokedAt(tenant, id);
    }

    void recordRevoked(WriteBatch batch, byte[] tenant, long id, long revokeRevision) throws RocksDBException {
        batch.put(store.meta, StoreKeys.metaKey(StoreKeys.REVOKED, StoreKeys.leaseKey(tenant, id)),
                StoreKeys.longBytes(revokeRevision));
    }

    void put(WriteBatch batch, StoredLease lease) throws RocksDBException {
        batch.put(store.lease, StoreKeys.leaseKey(lease.getTenant().toByteArray(), lease.getId()), lease.toByteArray());
    }

    void delete(WriteBatch batch, byte[] tenant, long id) throws RocksDBException {
        batch.delete(store.lease, StoreKeys.leaseKey(tenant, id));
    }

    private static StoredLease parse(byte[] value) {
        try {
            return StoredLease.parseFrom(value);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("corrupt lease row", e);
        }
    }
}
