package io.cairn.node.mvcc;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.cairn.api.mvccpb.KeyValue;
import java.util.function.Supplier;

/** A consistent view of live keys at one revision: latest, past, or inside a write. */
interface KvView {

    /** The live KeyValue of {@code key}, or null. */
    KeyValue get(ByteString key);

    /** Visits every live key in {@code range} in ascending key order. */
    void scan(KeyRange range, Visitor visitor);

    @FunctionalInterface
    interface Visitor {
        /** {@code kv} decodes lazily: counting a range needs no value. */
        void visit(ByteString key, Supplier<KeyValue> kv);
    }

    static KeyValue parse(byte[] bytes) {
        try {
            return KeyValue.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("corrupt KeyValue in MVCC store", e);
        }
    }
}
