package io.cairn.node.mvcc;

import com.google.protobuf.ByteString;

/** Whether a write may attach {@code leaseId} to the internal key {@code key}. */
@FunctionalInterface
interface LeaseLookup {

    boolean exists(ByteString key, long leaseId);
}
