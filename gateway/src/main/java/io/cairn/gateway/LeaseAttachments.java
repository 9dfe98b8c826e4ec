package io.cairn.gateway;

import io.cairn.api.etcdserverpb.RequestOp;
import io.cairn.api.etcdserverpb.TxnRequest;
import java.util.Set;
import java.util.TreeSet;

/** The lease ids a txn's puts attach, in both branches and nested txns. */
final class LeaseAttachments {
    private LeaseAttachments() {
    }

    static Set<Long> of(TxnRequest txn) {
        Set<Long> ids = new TreeSet<>();
        collect(txn, ids);
        return ids;
    }

    private static void collect(TxnRequest txn, Set<Long> ids) {
        for (RequestOp op : txn.getSuccessList()) {
            collect(op, ids);
        }
        for (RequestOp op : txn.getFailureList()) {
            collect(op, ids);
        }
    }

    private static void collect(RequestOp op, Set<Long> ids) {
        if (op.hasRequestPut() && op.getRequestPut().getLease() != 0) {
            ids.add(op.getRequestPut().getLease());
        } else if (op.hasRequestTxn()) {
            collect(op.getRequestTxn(), ids);
        }
    }
}
