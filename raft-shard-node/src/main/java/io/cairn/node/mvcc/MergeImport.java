package io.cairn.node.mvcc;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.zip.CRC32C;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;

/**
 * Copies the rows of a frozen merge source into the target's write batch (docs/adr/0006): every
 * row of {@code latest}, {@code history}, {@code revlog}, {@code lease} and {@code leasekeys}
 * (the two key ranges are disjoint, so no row of the target is overwritten; a lease row the
 * target already holds is kept), and the larger of each tenant's compaction revision. The same
 * pass computes the checksum of the source rows, so a replica can check it copied the same
 * data as its leader saw. Cost: one pass over the source (merges are for small shards only).
 */
final class MergeImport {
    private MergeImport() {
    }

    /** The checksum of a store's data rows (what {@link #copy} copies), in family and key order. */
    static long checksum(StoreDb store, ReadOptions options) {
        CRC32C crc = new CRC32C();
        List<ColumnFamilyHandle> families = families(store);
        for (int f = 0; f < families.size(); f++) {
            try (RocksIterator it = store.db.newIterator(families.get(f), options)) {
                for (it.seekToFirst(); it.isValid(); it.next()) {
                    update(crc, f, it.key(), it.value());
                }
            }
        }
        return crc.getValue();
    }

    /** Puts every source row into {@code batch} for {@code target}; returns the source checksum. */
    static long copy(StoreDb source, ReadOptions sourceOptions, StoreDb target, WriteBatch batch)
            throws RocksDBException {
        CRC32C crc = new CRC32C();
        List<ColumnFamilyHandle> from = families(source);
        List<ColumnFamilyHandle> to = families(target);
        try (ReadOptions targetOptions = new ReadOptions()) {
            for (int f = 0; f < from.size(); f++) {
                boolean leaseRows = from.get(f) == source.lease;
                try (RocksIterator it = source.db.newIterator(from.get(f), sourceOptions)) {
                    for (it.seekToFirst(); it.isValid(); it.next()) {
                        byte[] key = it.key();
                        byte[] value = it.value();
                        update(crc, f, key, value);
                        if (leaseRows && target.get(target.lease, targetOptions, key) != null) {
                            continue;
                        }
                        batch.put(to.get(f), key, value);
                    }
                }
            }
            mergeCompactions(source, sourceOptions, target, targetOptions, batch);
        }
        return crc.getValue();
    }

    /** Each tenant's compaction revision becomes the larger of both: reads below it answer COMPACTED. */
    private static void mergeCompactions(StoreDb source, ReadOptions sourceOptions, StoreDb target,
            ReadOptions targetOptions, WriteBatch batch) throws RocksDBException {
        try (RocksIterator it = source.db.newIterator(source.meta, sourceOptions)) {
            for (it.seek(StoreKeys.COMPACT); it.isValid()
                    && StoreKeys.startsWith(it.key(), StoreKeys.COMPACT, StoreKeys.COMPACT.length); it.next()) {
                long theirs = StoreKeys.bytesLong(it.value());
                long ours = StoreKeys.bytesLong(target.get(target.meta, targetOptions, it.key()));
                if (theirs > ours) {
                    batch.put(target.meta, it.key(), StoreKeys.longBytes(theirs));
                }
            }
        }
    }

    private static List<ColumnFamilyHandle> families(StoreDb store) {
        return List.of(store.latest, store.history, store.revlog, store.lease, store.leaseKeys);
    }

    private static void update(CRC32C crc, int family, byte[] key, byte[] value) {
        crc.update(ByteBuffer.allocate(12).putInt(family).putInt(key.length).putInt(value.length).array());
        crc.update(key);
        crc.update(value);
    }
}
