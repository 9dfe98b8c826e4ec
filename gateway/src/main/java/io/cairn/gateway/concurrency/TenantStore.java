package io.cairn.gateway.concurrency;

import com.google.protobuf.ByteString;
import io.cairn.api.etcdserverpb.DeleteRangeRequest;
import io.cairn.api.etcdserverpb.DeleteRangeResponse;
import io.cairn.api.etcdserverpb.RangeRequest;
import io.cairn.api.etcdserverpb.RangeResponse;
import io.cairn.api.etcdserverpb.TxnRequest;
import io.cairn.api.etcdserverpb.TxnResponse;

/**
 * One tenant's KV, leases and watches, as locks and elections use them: the same calls a
 * client would make (etcd's server runs its concurrency recipes over an in-process client),
 * with the tenant's keys rewritten and errors raised as everywhere else in the gateway.
 */
public interface TenantStore {

    TxnResponse txn(TxnRequest request);

    RangeResponse range(RangeRequest request);

    DeleteRangeResponse deleteRange(DeleteRangeRequest request);

    /** Grants a lease with a server-chosen id; returns the id. */
    long grantLease(long ttlSeconds);

    /** Watches {@code [key, rangeEnd)} (only {@code key} when {@code rangeEnd} is empty) from {@code startRevision}. */
    KeyWatch watch(ByteString key, ByteString rangeEnd, long startRevision);
}
