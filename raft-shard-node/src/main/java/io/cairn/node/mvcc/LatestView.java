package io.cairn.node.mvcc;

import com.google.protobuf.ByteString;
import io.cairn.api.mvccpb.KeyValue;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksIterator;

/** The current state, from the {@code latest} column family. */
record LatestView(StoreDb store, ReadOptions options) implements KvView {

    @Override
    public KeyValue get(ByteString key) {
        byte[] bytes = store.get(store.latest, options, key.toByteArray());
        return bytes == null ? null : KvView.parse(bytes);
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
        try (RocksIterator it = store.db.newIterator(store.latest, options)) {
            for (it.seek(range.key().toByteArray()); it.isValid(); it.next()) {
                ByteString key = ByteString.copyFrom(it.key());
                if (range.beyond(key)) {
                    break;
                }
                byte[] value = it.value();
                visitor.visit(key, () -> KvView.parse(value));
            }
        }
    }
}
