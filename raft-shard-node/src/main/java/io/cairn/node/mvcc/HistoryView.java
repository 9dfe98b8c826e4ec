package io.cairn.node.mvcc;

import com.google.protobuf.ByteString;
import io.cairn.api.mvccpb.KeyValue;
import java.util.Arrays;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksIterator;

/** The state at a past revision, from the {@code history} column family. */
record HistoryView(StoreDb store, ReadOptions options, long revision) implements KvView {

    @Override
    public KeyValue get(ByteString key) {
        try (RocksIterator it = store.db.newIterator(store.history, options)) {
            byte[] value = versionAt(it, StoreKeys.escapedPrefix(key));
            return value == null ? null : KvView.parse(value);
        }
    }

    @Override
    public void scan(KeyRange range, Visitor visitor) {
        if (range.single()) {
            KeyValue kv = get(range.key());
            if (kv != null) {
                visitor.visit(kv.getKey(), () -> kv);
            }
            return;
        }
        byte[] stop = range.unbounded() ? null : StoreKeys.escapedPrefix(range.end());
        try (RocksIterator it = store.db.newIterator(store.history, options)) {
            it.seek(StoreKeys.escapedPrefix(range.key()));
            while (it.isValid()) {
                byte[] historyKey = it.key();
                if (stop != null && Arrays.compareUnsigned(historyKey, stop) >= 0) {
                    break;
                }
                byte[] prefix = Arrays.copyOf(historyKey, StoreKeys.prefixLength(historyKey));
                byte[] value = versionAt(it, prefix);
                if (value != null) {
                    visitor.visit(StoreKeys.userKey(historyKey), () -> KvView.parse(value));
                }
                it.seek(StoreKeys.afterAllVersions(prefix));
            }
        }
    }

    /** The value of the newest version <= revision of one key; null if none or a tombstone. */
    private byte[] versionAt(RocksIterator it, byte[] escapedPrefix) {
        it.seek(StoreKeys.withRevision(escapedPrefix, revision));
        if (!it.isValid() || !StoreKeys.startsWith(it.key(), escapedPrefix, escapedPrefix.length)
                || it.key().length != escapedPrefix.length + 8) {
            return null;
        }
        byte[] value = it.value();
        return value.length == 0 ? null : value;
    }
}
