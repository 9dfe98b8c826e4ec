package io.cairn.node.mvcc;

import static io.cairn.node.mvcc.MvccHarness.k;
import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.api.etcdserverpb.RangeRequest;
import io.cairn.api.etcdserverpb.RangeRequest.SortOrder;
import io.cairn.api.etcdserverpb.RangeRequest.SortTarget;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Go's sort is not stable: with many ties etcd returns a specific, non-key order. The
 * expected lists were recorded from etcd 3.4.23 (etcdctl get --prefix k --sort-by=VALUE)
 * after putting k01..k60 with value "v" + (i * 7 % 5).
 */
class MvccSortTiesTest {

    static final String DESCEND = "k27 k02 k22 k32 k57 k37 k07 k52 k17 k42 k47 k12 k44 k14 k49 k39 k09 k54 k19 "
            + "k34 k04 k59 k29 k24 k31 k36 k11 k46 k26 k41 k01 k21 k16 k56 k06 k51 k18 k38 k33 k53 k58 k23 k43 k13 "
            + "k08 k28 k03 k48 k15 k50 k10 k45 k40 k35 k55 k20 k05 k30 k25 k60";
    static final String ASCEND = "k25 k10 k30 k05 k60 k20 k55 k35 k50 k15 k45 k40 k13 k43 k48 k38 k53 k18 k33 "
            + "k58 k08 k03 k23 k28 k31 k16 k01 k06 k56 k11 k21 k51 k26 k46 k41 k36 k09 k49 k39 k14 k59 k24 k29 k44 "
            + "k04 k34 k54 k19 k02 k37 k32 k52 k22 k47 k07 k12 k57 k42 k17 k27";

    @TempDir
    Path dir;

    @Test
    void tiesComeOutInEtcdsOrder() {
        try (MvccHarness h = new MvccHarness(dir)) {
            for (int i = 1; i <= 60; i++) {
                h.put(String.format("k%02d", i), "v" + (i * 7 % 5));
            }
            assertThat(sortedKeys(h, SortOrder.DESCEND)).isEqualTo(List.of(DESCEND.split(" ")));
            assertThat(sortedKeys(h, SortOrder.ASCEND)).isEqualTo(List.of(ASCEND.split(" ")));
        }
    }

    private static List<String> sortedKeys(MvccHarness h, SortOrder order) {
        var response = h.range(RangeRequest.newBuilder().setKey(k("k")).setRangeEnd(k("l"))
                .setSortTarget(SortTarget.VALUE).setSortOrder(order));
        return response.getKvsList().stream().map(kv -> kv.getKey().substring(8).toStringUtf8()).toList();
    }
}
