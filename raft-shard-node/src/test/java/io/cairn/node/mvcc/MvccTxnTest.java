package io.cairn.node.mvcc;

import static io.cairn.node.mvcc.MvccHarness.error;
import static io.cairn.node.mvcc.MvccHarness.k;
import static io.cairn.node.mvcc.MvccHarness.kv;
import static io.cairn.node.mvcc.MvccHarness.v;
import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.api.etcdserverpb.Compare;
import io.cairn.api.etcdserverpb.Compare.CompareResult;
import io.cairn.api.etcdserverpb.Compare.CompareTarget;
import io.cairn.api.etcdserverpb.DeleteRangeRequest;
import io.cairn.api.etcdserverpb.PutRequest;
import io.cairn.api.etcdserverpb.RangeRequest;
import io.cairn.api.etcdserverpb.RequestOp;
import io.cairn.api.etcdserverpb.TxnRequest;
import io.cairn.api.etcdserverpb.TxnResponse;
import io.cairn.api.mvccpb.Event;
import io.cairn.api.shard.KvErrorCode;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MvccTxnTest {

    @TempDir
    Path dir;
    MvccHarness h;

    @BeforeEach
    void open() {
        h = new MvccHarness(dir, lease -> lease == 5);
        h.put(PutRequest.newBuilder().setKey(k("a")).setValue(v("m")).setLease(5)); // rev 1
        h.put("a", "m");  // rev 2: a version 2, create 1, mod 2, lease 0
        h.put("b", "x");  // rev 3
    }

    @AfterEach
    void close() {
        h.close();
    }

    static RequestOp put(String key, String value) {
        return RequestOp.newBuilder().setRequestPut(PutRequest.newBuilder().setKey(k(key)).setValue(v(value))).build();
    }

    static RequestOp delete(String key, String end) {
        DeleteRangeRequest.Builder d = DeleteRangeRequest.newBuilder().setKey(k(key));
        if (end != null) {
            d.setRangeEnd(k(end));
        }
        return RequestOp.newBuilder().setRequestDeleteRange(d).build();
    }

    static RequestOp get(String key, String end) {
        RangeRequest.Builder r = RangeRequest.newBuilder().setKey(k(key));
        if (end != null) {
            r.setRangeEnd(k(end));
        }
        return RequestOp.newBuilder().setRequestRange(r).build();
    }

    static RequestOp txn(TxnRequest.Builder t) {
        return RequestOp.newBuilder().setRequestTxn(t).build();
    }

    private boolean holds(Compare.Builder compare) {
        TxnResponse r = h.txn(TxnRequest.newBuilder().addCompare(compare));
        return r.getSucceeded();
    }

    private static Compare.Builder cmp(String key, CompareTarget target, CompareResult result) {
        return Compare.newBuilder().setKey(k(key)).setTarget(target).setResult(result);
    }

    @Test
    void everyTargetWithEveryResult() {
        // a: version 2, create 1, mod 2, lease 0, value "m"
        for (CompareResult result : new CompareResult[] {
                CompareResult.EQUAL, CompareResult.NOT_EQUAL, CompareResult.GREATER, CompareResult.LESS}) {
            boolean eq = result == CompareResult.EQUAL;
            boolean ne = result == CompareResult.NOT_EQUAL;
            boolean gt = result == CompareResult.GREATER;
            boolean lt = result == CompareResult.LESS;
            assertThat(holds(cmp("a", CompareTarget.VERSION, result).setVersion(2))).isEqualTo(eq);
            assertThat(holds(cmp("a", CompareTarget.VERSION, result).setVersion(1))).isEqualTo(ne || gt);
            assertThat(holds(cmp("a", CompareTarget.CREATE, result).setCreateRevision(1))).isEqualTo(eq);
            assertThat(holds(cmp("a", CompareTarget.CREATE, result).setCreateRevision(2))).isEqualTo(ne || lt);
            assertThat(holds(cmp("a", CompareTarget.MOD, result).setModRevision(2))).isEqualTo(eq);
            assertThat(holds(cmp("a", CompareTarget.MOD, result).setModRevision(1))).isEqualTo(ne || gt);
            assertThat(holds(cmp("a", CompareTarget.LEASE, result).setLease(0))).isEqualTo(eq);
            assertThat(holds(cmp("a", CompareTarget.LEASE, result).setLease(5))).isEqualTo(ne || lt);
            assertThat(holds(cmp("a", CompareTarget.VALUE, result).setValue(v("m")))).isEqualTo(eq);
            assertThat(holds(cmp("a", CompareTarget.VALUE, result).setValue(v("z")))).isEqualTo(ne || lt);
            assertThat(holds(cmp("a", CompareTarget.VALUE, result).setValue(v("a")))).isEqualTo(ne || gt);
        }
    }

    @Test
    void missingKeyComparesAsZeroAndValueComparesFail() {
        assertThat(holds(cmp("nope", CompareTarget.VERSION, CompareResult.EQUAL).setVersion(0))).isTrue();
        assertThat(holds(cmp("nope", CompareTarget.CREATE, CompareResult.EQUAL).setCreateRevision(0))).isTrue();
        assertThat(holds(cmp("nope", CompareTarget.MOD, CompareResult.LESS).setModRevision(1))).isTrue();
        assertThat(holds(cmp("nope", CompareTarget.LEASE, CompareResult.EQUAL).setLease(0))).isTrue();
        assertThat(holds(cmp("nope", CompareTarget.VALUE, CompareResult.EQUAL).setValue(v("")))).isFalse();
        assertThat(holds(cmp("nope", CompareTarget.VALUE, CompareResult.NOT_EQUAL).setValue(v("x")))).isFalse();
    }

    @Test
    void rangeCompareNeedsEveryKeyToMatch() {
        // a has version 2, b version 1
        assertThat(holds(cmp("a", CompareTarget.VERSION, CompareResult.GREATER).setVersion(0).setRangeEnd(k("c"))))
                .isTrue();
        assertThat(holds(cmp("a", CompareTarget.VERSION, CompareResult.EQUAL).setVersion(2).setRangeEnd(k("c"))))
                .isFalse();
        assertThat(holds(cmp("c", CompareTarget.VERSION, CompareResult.EQUAL).setVersion(0).setRangeEnd(k("e"))))
                .isTrue();
        assertThat(holds(cmp("c", CompareTarget.VALUE, CompareResult.EQUAL).setValue(v("")).setRangeEnd(k("e"))))
                .isFalse();
    }

    @Test
    void successAndFailureBranchesAndOneRevisionForAllWrites() {
        TxnResponse ok = h.txn(TxnRequest.newBuilder()
                .addCompare(cmp("a", CompareTarget.VALUE, CompareResult.EQUAL).setValue(v("m")))
                .addSuccess(put("c", "1")).addSuccess(put("d", "2")).addSuccess(delete("b", null))
                .addFailure(put("e", "3")));
        assertThat(ok.getSucceeded()).isTrue();
        assertThat(ok.getHeader().getRevision()).isEqualTo(4);
        assertThat(ok.getResponses(0).getResponsePut().getHeader().getRevision()).isEqualTo(4);
        assertThat(ok.getResponses(2).getResponseDeleteRange().getDeleted()).isEqualTo(1);
        assertThat(h.kv("c")).isEqualTo(kv("c", "1", 4, 4, 1));
        assertThat(h.kv("d")).isEqualTo(kv("d", "2", 4, 4, 1));
        assertThat(h.kv("b")).isNull();
        assertThat(h.kv("e")).isNull();
        var events = h.store.events(k("a").toByteArray(), k("z").toByteArray(), 4, 4);
        assertThat(events).extracting(e -> e.getKv().getKey()).containsExactly(k("c"), k("d"), k("b"));
        assertThat(events.get(2).getType()).isEqualTo(Event.EventType.DELETE);

        TxnResponse failed = h.txn(TxnRequest.newBuilder()
                .addCompare(cmp("a", CompareTarget.VALUE, CompareResult.EQUAL).setValue(v("no")))
                .addSuccess(put("c", "x")).addFailure(put("e", "3")));
        assertThat(failed.getSucceeded()).isFalse();
        assertThat(failed.getResponsesCount()).isEqualTo(1);
        assertThat(h.kv("e")).isEqualTo(kv("e", "3", 5, 5, 1));
    }

    @Test
    void readsInsideTxnSeeEarlierWrites() {
        TxnResponse r = h.txn(TxnRequest.newBuilder()
                .addSuccess(get("a", "z"))
                .addSuccess(txn(TxnRequest.newBuilder().addSuccess(put("c", "new"))))
                .addSuccess(delete("a", null))
                .addSuccess(get("a", "z"))
                .addSuccess(txn(TxnRequest.newBuilder().addSuccess(RequestOp.newBuilder().setRequestDeleteRange(
                        DeleteRangeRequest.newBuilder().setKey(k("a")).setRangeEnd(k("z")).setPrevKv(true))))));
        var before = r.getResponses(0).getResponseRange();
        assertThat(before.getHeader().getRevision()).isEqualTo(3);
        assertThat(before.getCount()).isEqualTo(2);
        var after = r.getResponses(3).getResponseRange();
        assertThat(after.getHeader().getRevision()).isEqualTo(4);
        assertThat(after.getKvsList()).containsExactly(kv("b", "x", 3, 3, 1), kv("c", "new", 4, 4, 1));
        var deleted = r.getResponses(4).getResponseTxn().getResponses(0).getResponseDeleteRange();
        assertThat(deleted.getDeleted()).isEqualTo(2);
        assertThat(deleted.getPrevKvsList()).containsExactly(kv("b", "x", 3, 3, 1), kv("c", "new", 4, 4, 1));
        assertThat(h.range(RangeRequest.newBuilder().setKey(k("a")).setRangeEnd(k("z"))).getCount()).isZero();
        // the delete of c (put in the same txn) carries prev_kv from before the txn: none
        var events = h.store.events(k("a").toByteArray(), k("z").toByteArray(), 4, 4);
        assertThat(events).extracting(e -> e.getType().name()).containsExactly("PUT", "DELETE", "DELETE", "DELETE");
        assertThat(events.get(3).hasPrevKv()).isFalse();
        assertThat(events.get(1).getPrevKv().getKey()).isEqualTo(k("a"));
    }

    @Test
    void txnWithoutWritesKeepsTheRevision() {
        TxnResponse r = h.txn(TxnRequest.newBuilder().addSuccess(get("a", null)).addSuccess(delete("zz", null)));
        assertThat(r.getHeader().getRevision()).isEqualTo(3);
        assertThat(r.getResponses(1).getResponseDeleteRange().getHeader().getRevision()).isEqualTo(3);
        assertThat(h.store.currentRevision()).isEqualTo(3);
        TxnResponse readOnly = h.txn(TxnRequest.newBuilder().addSuccess(get("a", null)));
        assertThat(readOnly.getResponses(0).getResponseRange().getKvs(0).getValue()).isEqualTo(v("m"));
        assertThat(h.store.currentRevision()).isEqualTo(3);
    }

    @Test
    void nestedTxnComparesSeeTheStateBeforeTheTxn() {
        TxnResponse r = h.txn(TxnRequest.newBuilder()
                .addSuccess(put("a", "changed"))
                .addSuccess(txn(TxnRequest.newBuilder()
                        .addCompare(cmp("a", CompareTarget.VALUE, CompareResult.EQUAL).setValue(v("m")))
                        .addSuccess(put("n", "then")).addSuccess(get("a", null))
                        .addFailure(put("n", "else")))));
        var nested = r.getResponses(1).getResponseTxn();
        assertThat(nested.getSucceeded()).isTrue();
        assertThat(nested.hasHeader()).isTrue();
        assertThat(nested.getHeader().getRevision()).isZero();
        assertThat(nested.getResponses(1).getResponseRange().getKvs(0).getValue()).isEqualTo(v("changed"));
        assertThat(h.kv("n").getValue()).isEqualTo(v("then"));
        assertThat(h.kv("n").getModRevision()).isEqualTo(4);
    }

    @Test
    void duplicateKeysFollowEtcdRules() {
        assertDuplicate(TxnRequest.newBuilder().addSuccess(put("x", "1")).addSuccess(put("x", "2")));
        assertDuplicate(TxnRequest.newBuilder().addSuccess(put("x", "1")).addSuccess(delete("w", "y")));
        assertDuplicate(TxnRequest.newBuilder().addFailure(delete("x", null)).addFailure(put("x", "1")));
        assertDuplicate(TxnRequest.newBuilder().addSuccess(put("x", "1"))
                .addSuccess(txn(TxnRequest.newBuilder().addSuccess(put("x", "2")))));
        assertDuplicate(TxnRequest.newBuilder().addSuccess(delete("x", null))
                .addSuccess(txn(TxnRequest.newBuilder().addFailure(put("x", "2")))));
        assertDuplicate(TxnRequest.newBuilder()
                .addSuccess(txn(TxnRequest.newBuilder().addSuccess(delete("x", null))))
                .addSuccess(txn(TxnRequest.newBuilder().addSuccess(put("x", "2")))));
        assertDuplicate(TxnRequest.newBuilder()
                .addSuccess(txn(TxnRequest.newBuilder().addSuccess(delete("x", null))))
                .addSuccess(put("x", "2")));
        assertDuplicate(TxnRequest.newBuilder()
                .addSuccess(txn(TxnRequest.newBuilder().addSuccess(put("x", "1")).addFailure(put("y", "1"))))
                .addSuccess(txn(TxnRequest.newBuilder().addFailure(put("y", "2")))));
        assertThat(h.store.currentRevision()).isEqualTo(3);

        // allowed: put in then and else of one nested txn; same key in success and failure; overlapping deletes
        h.txn(TxnRequest.newBuilder()
                .addSuccess(txn(TxnRequest.newBuilder().addSuccess(put("x", "1")).addFailure(put("x", "2")))));
        h.txn(TxnRequest.newBuilder().addSuccess(put("x", "3")).addFailure(put("x", "4")));
        h.txn(TxnRequest.newBuilder().addSuccess(delete("a", "c")).addSuccess(delete("b", null)));
        // allowed by etcd's order of checks: a nested put followed by a nested delete of the key
        TxnResponse putThenDelete = h.txn(TxnRequest.newBuilder()
                .addSuccess(txn(TxnRequest.newBuilder().addSuccess(put("x", "5"))))
                .addSuccess(txn(TxnRequest.newBuilder().addSuccess(delete("x", null)))));
        assertThat(putThenDelete.getResponses(1).getResponseTxn().getResponses(0)
                .getResponseDeleteRange().getDeleted()).isEqualTo(1);
        assertThat(h.kv("x")).isNull();
        long revision = h.store.currentRevision();
        assertThat(h.range(RangeRequest.newBuilder().setKey(k("x")).setRevision(revision)).getKvsList()).isEmpty();
        assertThat(h.range(RangeRequest.newBuilder().setKey(k("x")).setRevision(revision - 1)).getKvs(0).getValue())
                .isEqualTo(v("3"));
    }

    private void assertDuplicate(TxnRequest.Builder txn) {
        var error = error(h.txnRaw(txn));
        assertThat(error.getCode()).isEqualTo(KvErrorCode.DUPLICATE_KEY);
        assertThat(error.getMessage()).isEqualTo("etcdserver: duplicate key given in txn request");
    }

    @Test
    void failingChecksAbortTheWholeTxn() {
        var missing = h.txnRaw(TxnRequest.newBuilder().addSuccess(put("c", "1"))
                .addSuccess(RequestOp.newBuilder().setRequestPut(
                        PutRequest.newBuilder().setKey(k("zz")).setIgnoreValue(true))));
        assertThat(error(missing).getCode()).isEqualTo(KvErrorCode.KEY_NOT_FOUND);
        var lease = h.txnRaw(TxnRequest.newBuilder().addSuccess(put("c", "1"))
                .addSuccess(RequestOp.newBuilder().setRequestPut(
                        PutRequest.newBuilder().setKey(k("d")).setLease(99))));
        assertThat(error(lease).getCode()).isEqualTo(KvErrorCode.LEASE_NOT_FOUND);
        h.txn(TxnRequest.newBuilder().addSuccess(RequestOp.newBuilder().setRequestPut(
                PutRequest.newBuilder().setKey(k("d")).setLease(5))));
        assertThat(h.kv("d").getLease()).isEqualTo(5);
        h.compact(2);
        var compacted = h.txnRaw(TxnRequest.newBuilder().addSuccess(put("c", "1"))
                .addSuccess(RequestOp.newBuilder().setRequestRange(
                        RangeRequest.newBuilder().setKey(k("a")).setRevision(1))));
        assertThat(error(compacted).getCode()).isEqualTo(KvErrorCode.COMPACTED);
        assertThat(h.kv("c")).isNull();
        var tooMany = TxnRequest.newBuilder();
        for (int i = 0; i <= RequestChecks.MAX_TXN_OPS; i++) {
            tooMany.addSuccess(get("a", null));
        }
        assertThat(error(h.txnRaw(tooMany)).getCode()).isEqualTo(KvErrorCode.TOO_MANY_OPS);
        assertThat(error(h.txnRaw(TxnRequest.newBuilder().addSuccess(RequestOp.getDefaultInstance()))).getCode())
                .isEqualTo(KvErrorCode.KEY_NOT_FOUND);
    }

    @Test
    void rangesAtPastRevisionsInsideTxn() {
        TxnResponse r = h.txn(TxnRequest.newBuilder().addSuccess(put("a", "now"))
                .addSuccess(RequestOp.newBuilder().setRequestRange(
                        RangeRequest.newBuilder().setKey(k("a")).setRevision(1))));
        assertThat(r.getResponses(1).getResponseRange().getKvs(0)).isEqualTo(
                kv("a", "m", 1, 1, 1).toBuilder().setLease(5).build());
        assertThat(r.getResponses(1).getResponseRange().getHeader().getRevision()).isEqualTo(4);
    }

    @Test
    void aRangeOfTheChosenPathAtOrAboveTheCommandsRevisionIsAFutureRevision() {
        // the next command takes revision 4 (MvccHarness counts from 1)
        var future = h.txnRaw(TxnRequest.newBuilder().addSuccess(put("c", "1"))
                .addSuccess(RequestOp.newBuilder().setRequestRange(
                        RangeRequest.newBuilder().setKey(k("a")).setRevision(4))));
        assertThat(error(future).getCode()).isEqualTo(KvErrorCode.FUTURE_REVISION);
        assertThat(error(future).getMessage()).isEqualTo("etcdserver: mvcc: required revision is a future revision");
        assertThat(h.kv("c")).isNull();
        var readOnly = h.txnRaw(TxnRequest.newBuilder().addSuccess(RequestOp.newBuilder().setRequestRange(
                RangeRequest.newBuilder().setKey(k("a")).setRevision(1_000_000))));
        assertThat(error(readOnly).getCode()).isEqualTo(KvErrorCode.FUTURE_REVISION);
        // as in etcd, only the path taken is checked
        TxnResponse other = h.txn(TxnRequest.newBuilder()
                .addCompare(Compare.newBuilder().setKey(k("b")).setTarget(CompareTarget.VALUE)
                        .setResult(CompareResult.EQUAL).setValue(v("x")))
                .addSuccess(get("b", null))
                .addFailure(RequestOp.newBuilder().setRequestRange(
                        RangeRequest.newBuilder().setKey(k("a")).setRevision(1_000_000))));
        assertThat(other.getSucceeded()).isTrue();
        assertThat(other.getResponses(0).getResponseRange().getKvs(0).getValue()).isEqualTo(v("x"));
    }
}
