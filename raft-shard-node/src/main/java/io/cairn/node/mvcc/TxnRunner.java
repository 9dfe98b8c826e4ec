package io.cairn.node.mvcc;

import io.cairn.api.etcdserverpb.RangeRequest;
import io.cairn.api.etcdserverpb.RequestOp;
import io.cairn.api.etcdserverpb.ResponseHeader;
import io.cairn.api.etcdserverpb.ResponseOp;
import io.cairn.api.etcdserverpb.TxnRequest;
import io.cairn.api.etcdserverpb.TxnResponse;
import io.cairn.api.shard.KvErrorCode;
import java.util.ArrayList;
import java.util.List;

/**
 * etcd's Txn: every compare of the chosen path (nested ones included) is evaluated
 * against the state before the txn, then the chosen puts and ranges are checked (key
 * existence for ignore_*, leases, compacted revisions), then the ops run in order on one
 * WriteTxn so later ops see earlier writes. Nested responses carry an empty header.
 *
 * <p>A range of the chosen path at a revision at or above the command's own (a TSO revision
 * taken after the request arrived, so not handed out before it) is etcd's future revision.
 */
final class TxnRunner {

    /** The branch a txn takes; {@code nested.get(i)} is the plan of op i when it is a txn. */
    private record Plan(boolean succeeded, List<RequestOp> ops, List<Plan> nested) {
    }

    private final StoreReader reader;
    private final WriteTxn txn;
    private final LeaseLookup leases;
    private final long commandRevision;

    TxnRunner(StoreReader reader, WriteTxn txn, LeaseLookup leases, long commandRevision) {
        this.reader = reader;
        this.txn = txn;
        this.leases = leases;
        this.commandRevision = commandRevision;
    }

    /** etcd's IsTxnReadonly: only ranges, in both branches (a nested txn counts as a write). */
    static boolean isReadOnly(TxnRequest t) {
        return t.getSuccessList().stream().allMatch(RequestOp::hasRequestRange)
                && t.getFailureList().stream().allMatch(RequestOp::hasRequestRange);
    }

    TxnResponse run(TxnRequest t) {
        Plan plan = plan(t);
        if (!isReadOnly(t)) {
            checkPuts(plan);
        }
        checkRanges(plan);
        return execute(plan).setHeader(WriteTxn.header(txn.readRevision())).build();
    }

    private Plan plan(TxnRequest t) {
        boolean succeeded = Compares.allHold(txn.before(), t.getCompareList());
        List<RequestOp> ops = succeeded ? t.getSuccessList() : t.getFailureList();
        List<Plan> nested = new ArrayList<>(ops.size());
        for (RequestOp op : ops) {
            nested.add(op.hasRequestTxn() ? plan(op.getRequestTxn()) : null);
        }
        return new Plan(succeeded, ops, nested);
    }

    private void checkPuts(Plan plan) {
        for (int i = 0; i < plan.ops().size(); i++) {
            RequestOp op = plan.ops().get(i);
            if (op.hasRequestTxn()) {
                checkPuts(plan.nested().get(i));
            } else if (op.hasRequestPut()) {
                var p = op.getRequestPut();
                if ((p.getIgnoreValue() || p.getIgnoreLease()) && txn.before().get(p.getKey()) == null) {
                    throw new KvException(KvErrorCode.KEY_NOT_FOUND, "etcdserver: key not found");
                }
                if (p.getLease() != 0 && !leases.exists(p.getKey(), p.getLease())) {
                    throw CommandApplier.leaseNotFound();
                }
            }
        }
    }

    private void checkRanges(Plan plan) {
        for (int i = 0; i < plan.ops().size(); i++) {
            RequestOp op = plan.ops().get(i);
            if (op.hasRequestTxn()) {
                checkRanges(plan.nested().get(i));
            } else if (op.hasRequestRange()) {
                long revision = op.getRequestRange().getRevision();
                if (revision > 0 && commandRevision > 0 && revision >= commandRevision) {
                    throw KvException.futureRevision();
                }
                reader.checkNotCompacted(op.getRequestRange().getKey(), revision);
            }
        }
    }

    private TxnResponse.Builder execute(Plan plan) {
        TxnResponse.Builder response = TxnResponse.newBuilder().setSucceeded(plan.succeeded());
        for (int i = 0; i < plan.ops().size(); i++) {
            RequestOp op = plan.ops().get(i);
            ResponseOp.Builder result = ResponseOp.newBuilder();
            switch (op.getRequestCase()) {
                case REQUEST_RANGE -> result.setResponseRange(range(op.getRequestRange()));
                case REQUEST_PUT -> result.setResponsePut(txn.put(op.getRequestPut()));
                case REQUEST_DELETE_RANGE -> result.setResponseDeleteRange(txn.delete(op.getRequestDeleteRange()));
                case REQUEST_TXN -> result.setResponseTxn(
                        execute(plan.nested().get(i)).setHeader(ResponseHeader.getDefaultInstance()));
                case REQUEST_NOT_SET -> {
                }
            }
            response.addResponses(result);
        }
        return response;
    }

    private io.cairn.api.etcdserverpb.RangeResponse range(RangeRequest r) {
        long revision = r.getRevision();
        KvView view = revision <= 0 || revision >= txn.revision()
                ? txn.view()
                : reader.at(r.getKey(), revision);
        return RangeExecutor.execute(view, r, txn.readRevision());
    }
}
