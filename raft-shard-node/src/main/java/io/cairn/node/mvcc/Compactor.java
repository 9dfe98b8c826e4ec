package io.cairn.node.mvcc;

import com.google.protobuf.ByteString;
import io.cairn.api.shard.ShardCompactRequest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;

/**
 * Per-tenant compaction in two steps. Logical, in the command's batch: the tenant's
 * compaction revision C (reads below it fail from then on) and a "compacting" marker.
 * Physical, after: in history, every version older than the newest version <= C of each
 * key is removed, and that one too when it is a tombstone; revlog events below C go. Only
 * versions no read at >= C can see are removed, so readers never observe a half-compacted
 * state. The marker survives a crash and the physical step is resumed on open.
 */
final class Compactor {

    private static final int BATCH_OPS = 1000;

    record Pending(byte[] tenant, long revision) {
    }

    private Compactor() {
    }

    static Pending record(ShardCompactRequest c, StoreReader reader, StoreDb store, WriteBatch batch)
            throws RocksDBException {
        byte[] tenant = StoreKeys.tenant(c.getKey());
        if (c.getRevision() <= reader.compactRevision(c.getKey())) {
            throw KvException.compacted();
        }
        byte[] revision = StoreKeys.longBytes(c.getRevision());
        batch.put(store.meta, StoreKeys.metaKey(StoreKeys.COMPACT, tenant), revision);
        batch.put(store.meta, StoreKeys.metaKey(StoreKeys.COMPACTING, tenant), revision);
        return new Pending(tenant, c.getRevision());
    }

    static List<Pending> unfinished(StoreDb store) {
        List<Pending> pending = new ArrayList<>();
        byte[] prefix = StoreKeys.COMPACTING;
        try (ReadOptions options = new ReadOptions(); RocksIterator it = store.db.newIterator(store.meta, options)) {
            for (it.seek(prefix); it.isValid() && StoreKeys.startsWith(it.key(), prefix, prefix.length); it.next()) {
                byte[] tenant = Arrays.copyOfRange(it.key(), prefix.length, it.key().length);
                pending.add(new Pending(tenant, StoreKeys.bytesLong(it.value())));
            }
        }
        return pending;
    }

    static void physical(StoreDb store, Pending p) throws RocksDBException {
        byte[] start = StoreKeys.escapedPrefix(ByteString.copyFrom(p.tenant()));
        byte[] next = StoreKeys.successor(p.tenant());
        byte[] stop = next == null ? null : StoreKeys.escapedPrefix(ByteString.copyFrom(next));
        try (ReadOptions options = new ReadOptions();
                RocksIterator it = store.db.newIterator(store.history, options);
                WriteBatch batch = new WriteBatch()) {
            byte[] prefix = null;
            boolean keptNewest = false;
            for (it.seek(start); it.isValid(); it.next()) {
                byte[] key = it.key();
                if (stop != null && Arrays.compareUnsigned(key, stop) >= 0) {
                    break;
                }
                int length = StoreKeys.prefixLength(key);
                if (prefix == null || !StoreKeys.startsWith(key, prefix, prefix.length) || prefix.length != length) {
                    prefix = Arrays.copyOf(key, length);
                    keptNewest = false;
                }
                if (StoreKeys.historyRevision(key) > p.revision()) {
                    continue;
                }
                if (keptNewest || it.value().length == 0) {
                    batch.delete(store.history, key);
                }
                keptNewest = true;
                if (batch.count() >= BATCH_OPS) {
                    store.db.write(StoreDb.WRITE, batch);
                    batch.clear();
                }
            }
            batch.deleteRange(store.revlog, StoreKeys.revlogKey(p.tenant(), 0, 0),
                    StoreKeys.revlogKey(p.tenant(), p.revision(), 0));
            batch.delete(store.meta, StoreKeys.metaKey(StoreKeys.COMPACTING, p.tenant()));
            store.db.write(StoreDb.WRITE, batch);
        }
    }
}
