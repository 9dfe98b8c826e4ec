package io.cairn.node.mvcc;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.rocksdb.LiveFileMetaData;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksIterator;

/**
 * An approximate middle key of the latest data, cheaply: from the key ranges and sizes of the
 * {@code latest} family's SST files when it has any (the largest key of the file where half of
 * the bytes are reached), else from a scan of the memtable data bounded to {@value #SCAN_LIMIT}
 * keys.
 */
final class MiddleKey {
    static final int SCAN_LIMIT = 50_000;
    private static final byte[] LATEST = "latest".getBytes(StandardCharsets.US_ASCII);

    private MiddleKey() {
    }

    static byte[] of(StoreDb store) {
        List<LiveFileMetaData> files = store.db.getLiveFilesMetaData().stream()
                .filter(f -> Arrays.equals(f.columnFamilyName(), LATEST))
                .sorted(Comparator.comparing(LiveFileMetaData::smallestKey, Arrays::compareUnsigned))
                .toList();
        if (files.size() > 1) {
            long total = files.stream().mapToLong(LiveFileMetaData::size).sum();
            long seen = 0;
            for (LiveFileMetaData file : files) {
                seen += file.size();
                if (seen * 2 >= total) {
                    return file.largestKey();
                }
            }
        }
        return scanned(store);
    }

    private static byte[] scanned(StoreDb store) {
        int count = 0;
        try (ReadOptions options = new ReadOptions(); RocksIterator it = store.db.newIterator(store.latest, options)) {
            for (it.seekToFirst(); it.isValid() && count < SCAN_LIMIT; it.next()) {
                count++;
            }
            if (count < 2) {
                return new byte[0];
            }
            it.seekToFirst();
            for (int i = 0; i < count / 2; i++) {
                it.next();
            }
            return it.key();
        }
    }
}
