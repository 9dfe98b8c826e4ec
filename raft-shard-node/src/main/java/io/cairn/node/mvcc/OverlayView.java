package io.cairn.node.mvcc;

import com.google.protobuf.ByteString;
import io.cairn.api.mvccpb.KeyValue;
import java.util.Iterator;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;

/**
 * The writes of the command being applied (empty Optional = deleted) over the state
 * before it: what ranges inside a txn see.
 */
record OverlayView(KvView base, NavigableMap<ByteString, Optional<KeyValue>> writes) implements KvView {

    @Override
    public KeyValue get(ByteString key) {
        Optional<KeyValue> written = writes.get(key);
        return written != null ? written.orElse(null) : base.get(key);
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
        Cursor writesInRange = new Cursor(writesIn(range).entrySet().iterator());
        base.scan(range, (key, kv) -> {
            while (writesInRange.before(key)) {
                writesInRange.emit(visitor);
            }
            if (writesInRange.at(key)) {
                writesInRange.emit(visitor);
            } else {
                visitor.visit(key, kv);
            }
        });
        while (writesInRange.current != null) {
            writesInRange.emit(visitor);
        }
    }

    private NavigableMap<ByteString, Optional<KeyValue>> writesIn(KeyRange range) {
        if (range.unbounded()) {
            return writes.tailMap(range.key(), true);
        }
        if (KeyRange.ORDER.compare(range.end(), range.key()) <= 0) {
            return writes.subMap(range.key(), false, range.key(), false);
        }
        return writes.subMap(range.key(), true, range.end(), false);
    }

    /** A peeking cursor over the written entries of the scanned range. */
    private static final class Cursor {
        private final Iterator<Map.Entry<ByteString, Optional<KeyValue>>> entries;
        private Map.Entry<ByteString, Optional<KeyValue>> current;

        Cursor(Iterator<Map.Entry<ByteString, Optional<KeyValue>>> entries) {
            this.entries = entries;
            this.current = entries.hasNext() ? entries.next() : null;
        }

        boolean before(ByteString key) {
            return current != null && KeyRange.ORDER.compare(current.getKey(), key) < 0;
        }

        boolean at(ByteString key) {
            return current != null && current.getKey().equals(key);
        }

        void emit(Visitor visitor) {
            Map.Entry<ByteString, Optional<KeyValue>> entry = current;
            entry.getValue().ifPresent(kv -> visitor.visit(entry.getKey(), () -> kv));
            current = entries.hasNext() ? entries.next() : null;
        }
    }
}
