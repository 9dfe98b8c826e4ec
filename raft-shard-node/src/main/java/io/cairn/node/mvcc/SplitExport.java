package io.cairn.node.mvcc;

import io.cairn.api.meta.ShardDescriptor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.rocksdb.Checkpoint;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * Builds the store of the shard a split creates: a checkpoint of the parent (hard-linked SST
 * files), opened on its own, minus every key below the split key, with applied index 0 (its
 * Raft group starts a new log) and its descriptor recorded. The batch is synced: no log
 * replays it.
 */
final class SplitExport {
    private SplitExport() {
    }

    static void write(StoreDb parent, byte[] splitKey, ShardDescriptor right, Path dir) {
        if (Files.exists(dir)) {
            throw new IllegalStateException("split target exists: " + dir);
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        Path db = dir.resolve("db");
        try (Checkpoint checkpoint = Checkpoint.create(parent.db)) {
            checkpoint.createCheckpoint(db.toString());
        } catch (RocksDBException e) {
            throw new IllegalStateException("cannot checkpoint the parent store into " + db, e);
        }
        try (StoreDb child = StoreDb.open(db);
                WriteBatch batch = new WriteBatch();
                WriteOptions synced = new WriteOptions().setSync(true)) {
            RangeSplit.dropBelow(child, splitKey, batch);
            batch.put(child.meta, StoreKeys.APPLIED, StoreKeys.longBytes(0));
            ShardRecord.write(child, right, batch);
            child.db.write(synced, batch);
            for (var family : child.dataFamilies()) {
                child.db.compactRange(family);
            }
        } catch (RocksDBException e) {
            throw new IllegalStateException("cannot trim the split store in " + db, e);
        }
    }
}
