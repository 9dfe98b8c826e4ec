package io.cairn.node.lease;

import com.google.protobuf.ByteString;

/** A lease's identity: ids are chosen per tenant, so the same id in two tenants are two leases. */
record LeaseId(ByteString tenant, long id) {
}
