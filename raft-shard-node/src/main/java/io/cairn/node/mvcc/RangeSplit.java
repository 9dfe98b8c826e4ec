package io.cairn.node.mvcc;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.cairn.api.mvccpb.Event;
import java.util.Arrays;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;

/**
 * Removes one side of a split key from a store's data (latest, history, revlog, lease rows and
 * the key-to-lease index), in a write batch: range deletions where the encodings keep the side
 * contiguous, key by key in the revlog of the tenant the split key falls in (its events of both
 * sides interleave) and in the lease index (ordered by lease, not key). A lease row stays with
 * its tenant's lease home: the side holding the tenant's first key.
 *
 * <p>In {@code history}, the versions of user keys {@code >= k} are exactly the entries
 * {@code >= escapedPrefix(k)} (the escaping keeps key order and the terminator sorts below
 * every escaped byte), so both sides are ranges there too.
 */
final class RangeSplit {
    private static final byte[] FIRST = new byte[0];

    private RangeSplit() {
    }

    /** Deletes every key {@code >= splitKey}. */
    static void dropFrom(StoreDb store, byte[] splitKey, WriteBatch batch) throws RocksDBException {
        deleteFrom(store, store.latest, splitKey, batch);
        deleteFrom(store, store.history, StoreKeys.escapedPrefix(ByteString.copyFrom(splitKey)), batch);
        byte[] tenant = StoreKeys.tenant(ByteString.copyFrom(splitKey));
        byte[] next = StoreKeys.successor(tenant);
        if (next != null) {
            deleteFrom(store, store.revlog, StoreKeys.revlogKey(next, 0, 0), batch);
        }
        splitTenantEvents(store, tenant, splitKey, true, batch);
        byte[] leaseBoundary = leaseBoundary(splitKey);
        if (leaseBoundary != null) {
            deleteFrom(store, store.lease, leaseBoundary, batch);
        }
        splitLeaseIndex(store, splitKey, true, batch);
    }

    /** Deletes every key {@code < splitKey}. */
    static void dropBelow(StoreDb store, byte[] splitKey, WriteBatch batch) throws RocksDBException {
        batch.deleteRange(store.latest, FIRST, splitKey);
        batch.deleteRange(store.history, FIRST, StoreKeys.escapedPrefix(ByteString.copyFrom(splitKey)));
        byte[] tenant = StoreKeys.tenant(ByteString.copyFrom(splitKey));
        batch.deleteRange(store.revlog, FIRST, StoreKeys.revlogKey(tenant, 0, 0));
        splitTenantEvents(store, tenant, splitKey, false, batch);
        byte[] leaseBoundary = leaseBoundary(splitKey);
        if (leaseBoundary != null) {
            batch.deleteRange(store.lease, FIRST, leaseBoundary);
        } else {
            deleteFrom(store, store.lease, FIRST, batch);
        }
        splitLeaseIndex(store, splitKey, false, batch);
    }

    /**
     * The first lease row (tenant(8) ++ id) whose tenant's lease home, the tenant's first key
     * (its 8-byte prefix), is {@code >= splitKey}; null when no tenant's home is. Rows below it
     * stay with the lower shard, the others move with the upper one (docs/adr/0005-leases.md).
     */
    static byte[] leaseBoundary(byte[] splitKey) {
        if (splitKey.length <= StoreKeys.TENANT_BYTES) {
            return Arrays.copyOf(splitKey, StoreKeys.TENANT_BYTES);
        }
        // the split key's own tenant starts below it: its home stays in the lower shard
        return StoreKeys.successor(Arrays.copyOf(splitKey, StoreKeys.TENANT_BYTES));
    }

    /** The key-to-lease index ({@code tenant ++ id ++ key}): each entry goes where its key goes. */
    private static void splitLeaseIndex(StoreDb store, byte[] splitKey, boolean dropUpper, WriteBatch batch)
            throws RocksDBException {
        int keyOffset = StoreKeys.TENANT_BYTES + 8;
        try (ReadOptions options = new ReadOptions(); RocksIterator it = store.db.newIterator(store.leaseKeys, options)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                byte[] entry = it.key();
                boolean upper = Arrays.compareUnsigned(entry, keyOffset, entry.length, splitKey, 0, splitKey.length) >= 0;
                if (upper == dropUpper) {
                    batch.delete(store.leaseKeys, entry);
                }
            }
        }
    }

    /** Range-deletes {@code [from, last key]} of a family (RocksDB ranges need an end). */
    private static void deleteFrom(StoreDb store, ColumnFamilyHandle family, byte[] from, WriteBatch batch) {
        try (ReadOptions options = new ReadOptions(); RocksIterator it = store.db.newIterator(family, options)) {
            it.seekToLast();
            if (!it.isValid() || Arrays.compareUnsigned(it.key(), from) < 0) {
                return;
            }
            byte[] last = it.key();
            try {
                batch.deleteRange(family, from, last);
                batch.delete(family, last);
            } catch (RocksDBException e) {
                throw new IllegalStateException("cannot delete a key range", e);
            }
        }
    }

    /** The revlog of the split key's tenant: drop events on the given side of the split key. */
    private static void splitTenantEvents(StoreDb store, byte[] tenant, byte[] splitKey, boolean dropUpper,
            WriteBatch batch) throws RocksDBException {
        byte[] start = StoreKeys.revlogKey(tenant, 0, 0);
        try (ReadOptions options = new ReadOptions(); RocksIterator it = store.db.newIterator(store.revlog, options)) {
            for (it.seek(start); it.isValid() && StoreKeys.startsWith(it.key(), tenant, tenant.length); it.next()) {
                byte[] key = eventKey(it.value());
                boolean upper = Arrays.compareUnsigned(key, splitKey) >= 0;
                if (upper == dropUpper) {
                    batch.delete(store.revlog, it.key());
                }
            }
        }
    }

    private static byte[] eventKey(byte[] event) {
        try {
            return Event.parseFrom(event).getKv().getKey().toByteArray();
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("corrupt event in MVCC revlog", e);
        }
    }
}
