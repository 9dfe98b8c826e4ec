package io.cairn.gateway;

import com.google.protobuf.ByteString;
import io.cairn.api.etcdserverpb.Compare;
import io.cairn.api.etcdserverpb.RequestOp;
import io.cairn.api.etcdserverpb.TxnRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * Every key and range an (already encoded) txn touches, compares and nested txns included,
 * and whether it writes at all. Used to find the shards a txn needs.
 */
record TxnKeys(List<KeySpan> spans, boolean writes) {

    /** {@code [key, rangeEnd)}; an empty range end means the single key. */
    record KeySpan(ByteString key, ByteString rangeEnd) {
    }

    static TxnKeys of(TxnRequest txn) {
        List<KeySpan> spans = new ArrayList<>();
        boolean writes = collect(txn, spans);
        return new TxnKeys(List.copyOf(spans), writes);
    }

    private static boolean collect(TxnRequest txn, List<KeySpan> spans) {
        for (Compare c : txn.getCompareList()) {
            spans.add(new KeySpan(c.getKey(), c.getRangeEnd()));
        }
        boolean writes = false;
        for (List<RequestOp> ops : List.of(txn.getSuccessList(), txn.getFailureList())) {
            for (RequestOp op : ops) {
                writes |= switch (op.getRequestCase()) {
                    case REQUEST_RANGE -> add(spans, op.getRequestRange().getKey(),
                            op.getRequestRange().getRangeEnd(), false);
                    case REQUEST_PUT -> add(spans, op.getRequestPut().getKey(), ByteString.EMPTY, true);
                    case REQUEST_DELETE_RANGE -> add(spans, op.getRequestDeleteRange().getKey(),
                            op.getRequestDeleteRange().getRangeEnd(), true);
                    case REQUEST_TXN -> collect(op.getRequestTxn(), spans);
                    case REQUEST_NOT_SET -> false;
                };
            }
        }
        return writes;
    }

    private static boolean add(List<KeySpan> spans, ByteString key, ByteString end, boolean write) {
        spans.add(new KeySpan(key, end));
        return write;
    }
}
