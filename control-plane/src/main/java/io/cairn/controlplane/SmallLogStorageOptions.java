package io.cairn.controlplane;

import com.alipay.sofa.jraft.storage.impl.RocksDBLogStorage;
import com.alipay.sofa.jraft.util.StorageOptionsFactory;
import org.rocksdb.ColumnFamilyOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers small RocksDB column-family options for JRaft's log storage (the defaults
 * preallocate ~145 MB of WAL per group). The table is JVM-wide: when a store node in the same
 * JVM registered its own options first, those are kept.
 */
final class SmallLogStorageOptions {
    private static final Logger LOG = LoggerFactory.getLogger(SmallLogStorageOptions.class);
    private static final long WRITE_BUFFER_BYTES = 4L << 20;
    private static boolean registered;

    private SmallLogStorageOptions() {
    }

    static synchronized void register() {
        if (registered) {
            return;
        }
        registered = true;
        ColumnFamilyOptions options = StorageOptionsFactory.getDefaultRocksDBColumnFamilyOptions()
                .setWriteBufferSize(WRITE_BUFFER_BYTES)
                .setMaxWriteBufferNumber(2);
        try {
            StorageOptionsFactory.registerRocksDBColumnFamilyOptions(RocksDBLogStorage.class, options);
        } catch (IllegalStateException alreadyRegistered) {
            options.close();
            LOG.debug("RocksDB log options already registered in this JVM: {}", alreadyRegistered.getMessage());
        }
    }
}
