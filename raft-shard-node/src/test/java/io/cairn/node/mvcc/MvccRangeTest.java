package io.cairn.node.mvcc;

import static io.cairn.node.mvcc.MvccHarness.error;
import static io.cairn.node.mvcc.MvccHarness.k;
import static io.cairn.node.mvcc.MvccHarness.kv;
import static io.cairn.node.mvcc.MvccHarness.v;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.cairn.api.etcdserverpb.RangeRequest;
import io.cairn.api.etcdserverpb.RangeRequest.SortOrder;
import io.cairn.api.etcdserverpb.RangeRequest.SortTarget;
import io.cairn.api.etcdserverpb.RangeResponse;
import io.cairn.api.mvccpb.KeyValue;
import io.cairn.api.shard.KvErrorCode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Range options, each as etcd documents them. Data: see {@link #load()}. */
class MvccRangeTest {

    @TempDir
    Path dir;
    MvccHarness h;

    @BeforeEach
    void load() {
        h = new MvccHarness(dir);
        h.put("b", "3");  // rev 1: b create 1
        h.put("a", "2");  // rev 2: a create 2
        h.put("c", "1");  // rev 3: c create 3
        h.put("b", "9");  // rev 4: b version 2, mod 4
        h.put("d", "0");  // rev 5
    }

    @AfterEach
    void close() {
        h.close();
    }

    private static RangeRequest.Builder all() {
        return RangeRequest.newBuilder().setKey(k("a")).setRangeEnd(k("z"));
    }

    private static List<String> keys(RangeResponse r) {
        return r.getKvsList().stream().map(kv -> kv.getKey().substring(8).toStringUtf8()).toList();
    }

    @Test
    void singleKeyAndHalfOpenRange() {
        assertThat(h.get("b").getKvsList()).containsExactly(kv("b", "9", 1, 4, 2));
        assertThat(h.get("b").getCount()).isEqualTo(1);
        assertThat(h.get("zz").getKvsList()).isEmpty();
        assertThat(h.get("zz").getCount()).isZero();
        RangeResponse r = h.range(RangeRequest.newBuilder().setKey(k("a")).setRangeEnd(k("c")));
        assertThat(keys(r)).containsExactly("a", "b");
        assertThat(r.getHeader().getRevision()).isEqualTo(5);
        RangeResponse inverted = h.range(RangeRequest.newBuilder().setKey(k("c")).setRangeEnd(k("a")));
        assertThat(inverted.getKvsList()).isEmpty();
        assertThat(inverted.getCount()).isZero();
    }

    @Test
    void zeroRangeEndMeansEveryKeyFromKey() {
        RangeResponse r = h.range(RangeRequest.newBuilder().setKey(k("b")).setRangeEnd(ByteString.copyFrom(new byte[] {0})));
        assertThat(keys(r)).containsExactly("b", "c", "d");
    }

    @Test
    void limitSetsMoreAndCountIgnoresLimit() {
        RangeResponse r = h.range(all().setLimit(2));
        assertThat(keys(r)).containsExactly("a", "b");
        assertThat(r.getMore()).isTrue();
        assertThat(r.getCount()).isEqualTo(4);
        RangeResponse exact = h.range(all().setLimit(4));
        assertThat(exact.getMore()).isFalse();
        assertThat(exact.getKvsCount()).isEqualTo(4);
        RangeResponse negative = h.range(all().setLimit(-1));
        assertThat(negative.getKvsCount()).isEqualTo(4);
    }

    @Test
    void everySortTargetAndOrder() {
        assertThat(keys(h.range(all().setSortTarget(SortTarget.KEY).setSortOrder(SortOrder.DESCEND))))
                .containsExactly("d", "c", "b", "a");
        assertThat(keys(h.range(all().setSortTarget(SortTarget.KEY).setSortOrder(SortOrder.ASCEND))))
                .containsExactly("a", "b", "c", "d");
        assertThat(keys(h.range(all().setSortTarget(SortTarget.VALUE).setSortOrder(SortOrder.ASCEND))))
                .containsExactly("d", "c", "a", "b");
        assertThat(keys(h.range(all().setSortTarget(SortTarget.VALUE).setSortOrder(SortOrder.DESCEND))))
                .containsExactly("b", "a", "c", "d");
        assertThat(keys(h.range(all().setSortTarget(SortTarget.CREATE).setSortOrder(SortOrder.ASCEND))))
                .containsExactly("b", "a", "c", "d");
        assertThat(keys(h.range(all().setSortTarget(SortTarget.CREATE).setSortOrder(SortOrder.DESCEND))))
                .containsExactly("d", "c", "a", "b");
        assertThat(keys(h.range(all().setSortTarget(SortTarget.MOD).setSortOrder(SortOrder.ASCEND))))
                .containsExactly("a", "c", "b", "d");
        assertThat(keys(h.range(all().setSortTarget(SortTarget.MOD).setSortOrder(SortOrder.DESCEND))))
                .containsExactly("d", "b", "c", "a");
        // ties keep key order, both ways (Go's sort on small inputs is an insertion sort)
        assertThat(keys(h.range(all().setSortTarget(SortTarget.VERSION).setSortOrder(SortOrder.ASCEND))))
                .containsExactly("a", "c", "d", "b");
        assertThat(keys(h.range(all().setSortTarget(SortTarget.VERSION).setSortOrder(SortOrder.DESCEND))))
                .containsExactly("b", "a", "c", "d");
    }

    @Test
    void noneOrderWithNonKeyTargetSortsAscending() {
        assertThat(keys(h.range(all().setSortTarget(SortTarget.VALUE).setSortOrder(SortOrder.NONE))))
                .containsExactly("d", "c", "a", "b");
        assertThat(keys(h.range(all().setSortTarget(SortTarget.KEY).setSortOrder(SortOrder.NONE))))
                .containsExactly("a", "b", "c", "d");
    }

    @Test
    void limitAppliesAfterSorting() {
        RangeResponse r = h.range(all().setSortTarget(SortTarget.VALUE).setSortOrder(SortOrder.DESCEND).setLimit(1));
        assertThat(keys(r)).containsExactly("b");
        assertThat(r.getMore()).isTrue();
        assertThat(r.getCount()).isEqualTo(4);
    }

    @Test
    void keysOnlyDropsValuesOnly() {
        RangeResponse r = h.range(RangeRequest.newBuilder().setKey(k("b")).setKeysOnly(true));
        assertThat(r.getKvsList()).containsExactly(
                KeyValue.newBuilder().setKey(k("b")).setCreateRevision(1).setModRevision(4).setVersion(2).build());
    }

    @Test
    void countOnlyReturnsNoKvs() {
        RangeResponse r = h.range(all().setCountOnly(true).setLimit(1));
        assertThat(r.getKvsList()).isEmpty();
        assertThat(r.getCount()).isEqualTo(4);
        assertThat(r.getMore()).isFalse();
    }

    @Test
    void modAndCreateRevisionFiltersLeaveCountUntouched() {
        RangeResponse minMod = h.range(all().setMinModRevision(3));
        assertThat(keys(minMod)).containsExactly("b", "c", "d");
        assertThat(minMod.getCount()).isEqualTo(4);
        assertThat(keys(h.range(all().setMaxModRevision(3)))).containsExactly("a", "c");
        assertThat(keys(h.range(all().setMinCreateRevision(2)))).containsExactly("a", "c", "d");
        assertThat(keys(h.range(all().setMaxCreateRevision(2)))).containsExactly("a", "b");
        RangeResponse limited = h.range(all().setMinCreateRevision(2).setLimit(2));
        assertThat(keys(limited)).containsExactly("a", "c");
        assertThat(limited.getMore()).isTrue();
        assertThat(limited.getCount()).isEqualTo(4);
    }

    @Test
    void readsAtPastRevisions() {
        h.delete("a");   // rev 6
        h.put("a", "new"); // rev 7
        RangeResponse at2 = h.range(all().setRevision(2));
        assertThat(at2.getKvsList()).containsExactly(kv("a", "2", 2, 2, 1), kv("b", "3", 1, 1, 1));
        assertThat(at2.getHeader().getRevision()).isEqualTo(7);
        assertThat(at2.getCount()).isEqualTo(2);
        assertThat(keys(h.range(all().setRevision(6)))).containsExactly("b", "c", "d");
        assertThat(h.range(RangeRequest.newBuilder().setKey(k("a")).setRevision(6)).getKvsList()).isEmpty();
        assertThat(h.range(RangeRequest.newBuilder().setKey(k("a")).setRevision(7)).getKvsList())
                .containsExactly(kv("a", "new", 7, 7, 1));
        assertThat(h.range(RangeRequest.newBuilder().setKey(k("b")).setRevision(3)).getKvsList())
                .containsExactly(kv("b", "3", 1, 1, 1));
        RangeResponse limited = h.range(all().setRevision(5).setLimit(1));
        assertThat(keys(limited)).containsExactly("a");
        assertThat(limited.getMore()).isTrue();
        assertThat(limited.getCount()).isEqualTo(4);
        assertThat(h.range(all().setRevision(5).setCountOnly(true)).getCount()).isEqualTo(4);
    }

    @Test
    void revisionAboveCurrentIsServedFromLatest() {
        RangeResponse r = h.range(all().setRevision(1_000));
        assertThat(keys(r)).containsExactly("a", "b", "c", "d");
        assertThat(r.getHeader().getRevision()).isEqualTo(5);
    }

    @Test
    void negativeRevisionMeansLatestAsInEtcd() {
        assertThat(keys(h.range(all().setRevision(-3)))).containsExactly("a", "b", "c", "d");
    }

    @Test
    void invalidSortOptionIsRejected() {
        var response = h.store.range(all().setSortOrderValue(7).build());
        assertThat(error(response).getCode()).isEqualTo(KvErrorCode.INVALID_ARGUMENT);
        assertThat(error(h.store.range(RangeRequest.newBuilder().build())).getCode())
                .isEqualTo(KvErrorCode.EMPTY_KEY);
    }

    @Test
    void bytesZeroAndFfInKeysKeepOrderAtEveryRevision() {
        ByteString base = k("p");
        ByteString zero = base.concat(ByteString.copyFrom(new byte[] {0}));
        ByteString zeroZero = zero.concat(ByteString.copyFrom(new byte[] {0}));
        ByteString ff = base.concat(ByteString.copyFrom(new byte[] {(byte) 0xFF}));
        ByteString one = base.concat(ByteString.copyFrom(new byte[] {1}));
        long start = h.store.currentRevision();
        for (ByteString key : List.of(ff, zeroZero, base, one, zero)) {
            h.put(io.cairn.api.etcdserverpb.PutRequest.newBuilder().setKey(key).setValue(v("x")));
        }
        long written = h.store.currentRevision();
        for (ByteString key : List.of(ff, zeroZero, base, one, zero)) {
            h.put(io.cairn.api.etcdserverpb.PutRequest.newBuilder().setKey(key).setValue(v("y")));
        }
        List<ByteString> expected = List.of(base, zero, zeroZero, one, ff);
        for (long revision : new long[] {0, written}) {
            RangeResponse r = h.range(RangeRequest.newBuilder().setKey(base).setRangeEnd(k("q")).setRevision(revision));
            assertThat(r.getKvsList().stream().map(KeyValue::getKey).toList()).isEqualTo(expected);
            assertThat(r.getKvsList()).allMatch(kv -> kv.getValue().equals(v(revision == 0 ? "y" : "x")));
        }
        RangeResponse prefixOnly = h.range(RangeRequest.newBuilder().setKey(zero).setRevision(written));
        assertThat(prefixOnly.getKvsList()).extracting(KeyValue::getKey).containsExactly(zero);
        RangeResponse beforeStart = h.range(RangeRequest.newBuilder().setKey(base).setRangeEnd(k("q")).setRevision(start));
        assertThat(beforeStart.getKvsList()).isEmpty();
        RangeResponse fromZero = h.range(RangeRequest.newBuilder().setKey(zero).setRangeEnd(one).setRevision(written));
        assertThat(fromZero.getKvsList()).extracting(KeyValue::getKey).containsExactly(zero, zeroZero);
    }

    @Test
    void keysThatArePrefixesOfOneAnotherAtPastRevisions() {
        h.put("x", "1");       // rev 6
        h.put("xa", "2");      // rev 7
        h.put("x", "3");       // rev 8
        h.delete("xa");        // rev 9
        h.put("xab", "4");     // rev 10
        assertThat(h.range(RangeRequest.newBuilder().setKey(k("x")).setRevision(7)).getKvsList())
                .containsExactly(kv("x", "1", 6, 6, 1));
        assertThat(h.range(RangeRequest.newBuilder().setKey(k("xa")).setRevision(8)).getKvsList())
                .containsExactly(kv("xa", "2", 7, 7, 1));
        assertThat(h.range(RangeRequest.newBuilder().setKey(k("xa")).setRevision(9)).getKvsList()).isEmpty();
        RangeResponse prefix = h.range(RangeRequest.newBuilder().setKey(k("x")).setRangeEnd(k("y")).setRevision(9));
        assertThat(prefix.getKvsList()).containsExactly(kv("x", "3", 6, 8, 2));
        RangeResponse later = h.range(RangeRequest.newBuilder().setKey(k("x")).setRangeEnd(k("y")).setRevision(10));
        assertThat(keys(later)).containsExactly("x", "xab");
    }
}
