package io.cairn.gateway;

import com.google.protobuf.MessageLite;
import io.cairn.api.etcdserverpb.Compare;
import io.cairn.api.etcdserverpb.DeleteRangeRequest;
import io.cairn.api.etcdserverpb.PutRequest;
import io.cairn.api.etcdserverpb.RangeRequest;
import io.cairn.api.etcdserverpb.RequestOp;
import io.cairn.api.etcdserverpb.TxnRequest;
import io.cairn.api.shard.KvErrorCode;
import java.util.List;

/** etcd's request checks ({@code v3rpc/key.go}), run on user keys before anything is routed. */
final class RequestValidator {
    private final int maxRequestBytes;
    private final int maxTxnOps;

    RequestValidator(int maxRequestBytes, int maxTxnOps) {
        this.maxRequestBytes = maxRequestBytes;
        this.maxTxnOps = maxTxnOps;
    }

    void check(RangeRequest r) {
        checkSize(r);
        checkRange(r);
    }

    void check(PutRequest r) {
        checkSize(r);
        checkPut(r);
    }

    void check(DeleteRangeRequest r) {
        checkSize(r);
        checkDelete(r);
    }

    void check(TxnRequest r) {
        checkSize(r);
        checkTxn(r);
        TxnIntervals.checkNoDuplicates(r.getSuccessList());
        TxnIntervals.checkNoDuplicates(r.getFailureList());
    }

    private void checkSize(MessageLite request) {
        if (request.getSerializedSize() > maxRequestBytes) {
            throw GatewayException.kv(KvErrorCode.REQUEST_TOO_LARGE);
        }
    }

    private static void checkRange(RangeRequest r) {
        if (r.getKey().isEmpty()) {
            throw GatewayException.kv(KvErrorCode.EMPTY_KEY);
        }
        if (RangeRequest.SortOrder.forNumber(r.getSortOrderValue()) == null
                || RangeRequest.SortTarget.forNumber(r.getSortTargetValue()) == null) {
            throw new GatewayException(new GatewayError.InvalidArgument("etcdserver: invalid sort option"));
        }
    }

    private static void checkPut(PutRequest r) {
        if (r.getKey().isEmpty()) {
            throw GatewayException.kv(KvErrorCode.EMPTY_KEY);
        }
        if (r.getIgnoreValue() && !r.getValue().isEmpty()) {
            throw GatewayException.kv(KvErrorCode.VALUE_PROVIDED);
        }
        if (r.getIgnoreLease() && r.getLease() != 0) {
            throw GatewayException.kv(KvErrorCode.LEASE_PROVIDED);
        }
    }

    private static void checkDelete(DeleteRangeRequest r) {
        if (r.getKey().isEmpty()) {
            throw GatewayException.kv(KvErrorCode.EMPTY_KEY);
        }
    }

    private void checkTxn(TxnRequest r) {
        if (r.getCompareCount() > maxTxnOps || r.getSuccessCount() > maxTxnOps || r.getFailureCount() > maxTxnOps) {
            throw GatewayException.kv(KvErrorCode.TOO_MANY_OPS);
        }
        for (Compare c : r.getCompareList()) {
            if (Compare.CompareResult.forNumber(c.getResultValue()) == null) {
                throw invalid("cairn: unknown compare result " + c.getResultValue());
            }
            if (Compare.CompareTarget.forNumber(c.getTargetValue()) == null) {
                throw invalid("cairn: unknown compare target " + c.getTargetValue());
            }
        }
        checkOps(r.getSuccessList());
        checkOps(r.getFailureList());
    }

    private void checkOps(List<RequestOp> ops) {
        for (RequestOp op : ops) {
            switch (op.getRequestCase()) {
                case REQUEST_RANGE -> checkRange(op.getRequestRange());
                case REQUEST_PUT -> checkPut(op.getRequestPut());
                case REQUEST_DELETE_RANGE -> checkDelete(op.getRequestDeleteRange());
                case REQUEST_TXN -> checkTxn(op.getRequestTxn());
                case REQUEST_NOT_SET -> throw invalid("cairn: txn operation has no request");
            }
        }
    }

    private static GatewayException invalid(String message) {
        return new GatewayException(new GatewayError.InvalidArgument(message));
    }
}
