package io.cairn.node.mvcc;

import com.google.protobuf.ByteString;
import java.util.Comparator;

/**
 * etcd's key range: {@code end} empty means the single key, {@code end == "\0"} means
 * every key {@code >= key}, otherwise {@code [key, end)} (empty when end <= key).
 */
record KeyRange(ByteString key, ByteString end) {

    static final Comparator<ByteString> ORDER = ByteString.unsignedLexicographicalComparator();

    boolean single() {
        return end.isEmpty();
    }

    boolean unbounded() {
        return end.size() == 1 && end.byteAt(0) == 0;
    }

    boolean contains(ByteString k) {
        if (single()) {
            return k.equals(key);
        }
        return ORDER.compare(k, key) >= 0 && (unbounded() || ORDER.compare(k, end) < 0);
    }

    /** True when {@code k} lies past the end of the range (iteration can stop). */
    boolean beyond(ByteString k) {
        if (single()) {
            return ORDER.compare(k, key) > 0;
        }
        return !unbounded() && ORDER.compare(k, end) >= 0;
    }
}
