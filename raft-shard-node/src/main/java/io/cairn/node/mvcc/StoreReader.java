package io.cairn.node.mvcc;

import com.google.protobuf.ByteString;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksIterator;
import org.rocksdb.Snapshot;

/**
 * Reads of one consistent state: a RocksDB snapshot for concurrent readers, or the live
 * state for the single applier. The compaction revision comes from the same state as the
 * data, so a read never sees a half-compacted key space.
 */
final class StoreReader implements AutoCloseable {

    private final StoreDb store;
    private final Snapshot snapshot;
    private final ReadOptions options;

    private StoreReader(StoreDb store, Snapshot snapshot) {
        this.store = store;
        this.snapshot = snapshot;
        this.options = new ReadOptions();
        if (snapshot != null) {
            options.setSnapshot(snapshot);
        }
    }

    static StoreReader snapshot(StoreDb store) {
        return new StoreReader(store, store.db.getSnapshot());
    }

    static StoreReader live(StoreDb store) {
        return new StoreReader(store, null);
    }

    long currentRevision() {
        return store.metaLong(options, StoreKeys.REVISION);
    }

    long appliedIndex() {
        return store.metaLong(options, StoreKeys.APPLIED);
    }

    RocksIterator iterator(ColumnFamilyHandle family) {
        return store.db.newIterator(family, options);
    }

    long compactRevision(ByteString key) {
        return store.metaLong(options, StoreKeys.metaKey(StoreKeys.COMPACT, StoreKeys.tenant(key)));
    }

    /** The checksum of this store's data rows (see {@link MergeImport}). */
    long checksum() {
        return MergeImport.checksum(store, options);
    }

    /** Copies this (frozen merge source) store's rows into {@code target}'s batch; returns their checksum. */
    long copyInto(StoreDb target, org.rocksdb.WriteBatch batch) throws org.rocksdb.RocksDBException {
        return MergeImport.copy(store, options, target, batch);
    }

    /** The highest revoke revision of the lease a fan-out brought here, or 0. */
    long revokedAt(byte[] tenant, long leaseId) {
        return store.metaLong(options, StoreKeys.metaKey(StoreKeys.REVOKED, StoreKeys.leaseKey(tenant, leaseId)));
    }

    KvView latest() {
        return new LatestView(store, options);
    }

    /** Fails with COMPACTED when {@code revision} (positive) is below the tenant's compaction. */
    void checkNotCompacted(ByteString key, long revision) {
        if (revision > 0 && revision < compactRevision(key)) {
            throw KvException.compacted();
        }
    }

    /**
     * The committed state at {@code revision} for keys of the tenant of {@code key}: latest
     * when <= 0 (etcd: "rev <= 0 means latest") or at/above the current revision, history
     * otherwise.
     */
    KvView at(ByteString key, long revision) {
        checkNotCompacted(key, revision);
        if (revision <= 0 || revision >= currentRevision()) {
            return latest();
        }
        return new HistoryView(store, options, revision);
    }

    @Override
    public void close() {
        options.close();
        if (snapshot != null) {
            store.db.releaseSnapshot(snapshot);
        }
    }
}
