package io.cairn.node.mvcc;

import com.google.protobuf.ByteString;
import io.cairn.api.etcdserverpb.Compare;
import io.cairn.api.etcdserverpb.DeleteRangeRequest;
import io.cairn.api.etcdserverpb.PutRequest;
import io.cairn.api.etcdserverpb.RangeRequest;
import io.cairn.api.etcdserverpb.RequestOp;
import io.cairn.api.etcdserverpb.TxnRequest;
import io.cairn.api.shard.KvErrorCode;

/**
 * etcd's request validation (v3rpc/key.go), repeated defensively on the store: the
 * gateway checks first, but apply must never act on a malformed command.
 */
final class RequestChecks {

    /** etcd's default --max-txn-ops. */
    static final int MAX_TXN_OPS = 128;

    private RequestChecks() {
    }

    static void range(RangeRequest r) {
        requireKey(r.getKey());
        if (r.getSortOrderValue() < 0 || r.getSortOrderValue() > 2
                || r.getSortTargetValue() < 0 || r.getSortTargetValue() > 4) {
            throw new KvException(KvErrorCode.INVALID_ARGUMENT, "etcdserver: invalid sort option");
        }
    }

    static void put(PutRequest p) {
        requireKey(p.getKey());
        if (p.getIgnoreValue() && !p.getValue().isEmpty()) {
            throw new KvException(KvErrorCode.VALUE_PROVIDED, "etcdserver: value is provided");
        }
        if (p.getIgnoreLease() && p.getLease() != 0) {
            throw new KvException(KvErrorCode.LEASE_PROVIDED, "etcdserver: lease is provided");
        }
    }

    static void delete(DeleteRangeRequest d) {
        requireKey(d.getKey());
    }

    static void txn(TxnRequest t) {
        checkTxn(t, MAX_TXN_OPS);
        DuplicateKeys.check(t.getSuccessList());
        DuplicateKeys.check(t.getFailureList());
    }

    private static void checkTxn(TxnRequest t, int maxOps) {
        int ops = Math.max(t.getCompareCount(), Math.max(t.getSuccessCount(), t.getFailureCount()));
        if (ops > maxOps) {
            throw new KvException(KvErrorCode.TOO_MANY_OPS, "etcdserver: too many operations in txn request");
        }
        for (Compare c : t.getCompareList()) {
            requireKey(c.getKey());
        }
        for (RequestOp op : t.getSuccessList()) {
            checkOp(op, maxOps - ops);
        }
        for (RequestOp op : t.getFailureList()) {
            checkOp(op, maxOps - ops);
        }
    }

    private static void checkOp(RequestOp op, int maxOps) {
        switch (op.getRequestCase()) {
            case REQUEST_RANGE -> range(op.getRequestRange());
            case REQUEST_PUT -> put(op.getRequestPut());
            case REQUEST_DELETE_RANGE -> delete(op.getRequestDeleteRange());
            case REQUEST_TXN -> checkTxn(op.getRequestTxn(), maxOps);
            case REQUEST_NOT_SET -> throw new KvException(KvErrorCode.KEY_NOT_FOUND, "etcdserver: key not found");
        }
    }

    private static void requireKey(ByteString key) {
        if (key.isEmpty()) {
            throw new KvException(KvErrorCode.EMPTY_KEY, "etcdserver: key is not provided");
        }
    }
}
