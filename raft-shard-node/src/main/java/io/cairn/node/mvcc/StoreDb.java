package io.cairn.node.mvcc;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.InfoLogLevel;
import org.rocksdb.LRUCache;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteOptions;

/**
 * One shard's RocksDB instance and its column families, with small options: many stores
 * live in one process and share one block cache.
 */
final class StoreDb implements AutoCloseable {

    static {
        RocksDB.loadLibrary();
    }

    private static final long WRITE_BUFFER_BYTES = 4L << 20;
    private static final Cache SHARED_BLOCK_CACHE = new LRUCache(64L << 20);

    /** WAL on, no fsync: the Raft log is the durable record, replay is idempotent. */
    static final WriteOptions WRITE = new WriteOptions().setSync(false).setDisableWAL(false);

    final RocksDB db;
    final ColumnFamilyHandle latest;
    final ColumnFamilyHandle history;
    final ColumnFamilyHandle revlog;
    final ColumnFamilyHandle meta;
    final ColumnFamilyHandle lease;
    final ColumnFamilyHandle leaseKeys;
    private final List<ColumnFamilyHandle> handles;
    private final DBOptions dbOptions;
    private final ColumnFamilyOptions cfOptions;

    private StoreDb(RocksDB db, List<ColumnFamilyHandle> handles, DBOptions dbOptions,
            ColumnFamilyOptions cfOptions) {
        this.db = db;
        this.handles = handles;
        this.latest = handles.get(1);
        this.history = handles.get(2);
        this.revlog = handles.get(3);
        this.meta = handles.get(4);
        this.lease = handles.get(5);
        this.leaseKeys = handles.get(6);
        this.dbOptions = dbOptions;
        this.cfOptions = cfOptions;
    }

    static StoreDb open(Path dir) {
        DBOptions dbOptions = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true)
                .setInfoLogLevel(InfoLogLevel.WARN_LEVEL).setKeepLogFileNum(2)
                .setMaxTotalWalSize(4 * WRITE_BUFFER_BYTES).setMaxBackgroundJobs(2);
        ColumnFamilyOptions cfOptions = new ColumnFamilyOptions().setWriteBufferSize(WRITE_BUFFER_BYTES)
                .setMaxWriteBufferNumber(2)
                .setTableFormatConfig(new BlockBasedTableConfig().setBlockCache(SHARED_BLOCK_CACHE));
        List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
        for (String name : List.of("default", "latest", "history", "revlog", "meta", "lease", "leasekeys")) {
            descriptors.add(new ColumnFamilyDescriptor(name.getBytes(StandardCharsets.US_ASCII), cfOptions));
        }
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        try {
            RocksDB db = RocksDB.open(dbOptions, dir.toString(), descriptors, handles);
            return new StoreDb(db, handles, dbOptions, cfOptions);
        } catch (RocksDBException e) {
            dbOptions.close();
            cfOptions.close();
            throw new IllegalStateException("cannot open MVCC store in " + dir, e);
        }
    }

    byte[] get(ColumnFamilyHandle cf, ReadOptions options, byte[] key) {
        try {
            return db.get(cf, options, key);
        } catch (RocksDBException e) {
            throw new IllegalStateException("RocksDB read failed", e);
        }
    }

    long metaLong(ReadOptions options, byte[] key) {
        return StoreKeys.bytesLong(get(meta, options, key));
    }

    long property(ColumnFamilyHandle cf, String name) {
        try {
            return db.getLongProperty(cf, name);
        } catch (RocksDBException e) {
            return 0;
        }
    }

    List<ColumnFamilyHandle> dataFamilies() {
        return List.of(latest, history, revlog, meta, lease, leaseKeys);
    }

    @Override
    public void close() {
        handles.forEach(ColumnFamilyHandle::close);
        db.close();
        dbOptions.close();
        cfOptions.close();
    }
}
