package io.cairn.controlplane;

import com.google.protobuf.ByteString;
import java.util.Comparator;

/** Unsigned lexicographic order of internal keys. */
final class KeyOrder {
    static final Comparator<ByteString> COMPARATOR = ByteString.unsignedLexicographicalComparator();

    private KeyOrder() {
    }

    static int compare(ByteString a, ByteString b) {
        return COMPARATOR.compare(a, b);
    }
}
