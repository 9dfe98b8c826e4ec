package io.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.testkit.CairnDevProcess;
import io.cairn.testkit.Etcdctl;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dev tenant split over two shards at "m": ranges are merged, cross-shard txns refused. */
class CrossShardIT {
    @TempDir
    static Path tmp;
    static CairnDevProcess dev;
    static Etcdctl etcdctl;
    static final List<String> LETTERS = IntStream.rangeClosed('a', 'z').mapToObj(c -> "x" + (char) c).toList();

    @BeforeAll
    static void start() {
        dev = CairnDevProcess.start(tmp.resolve("data"), "--split-at", "1:xm", "--split-at", "2");
        etcdctl = new Etcdctl(dev.endpoint());
        for (String key : LETTERS) {
            assertThat(etcdctl.run("put", key, key.toUpperCase()).ok()).isTrue();
        }
    }

    @AfterAll
    static void stop() {
        if (dev != null) {
            dev.close();
        }
    }

    @Test
    void rangeAcrossShardsIsMergedInKeyOrder() {
        List<String> keys = etcdctl.run("get", "x", "--prefix", "--keys-only").stdout().lines()
                .filter(l -> !l.isEmpty()).toList();
        assertThat(keys).isEqualTo(LETTERS);
        assertThat(etcdctl.run("get", "", "--from-key", "--keys-only").stdout()).contains("xa", "xz");
    }

    @Test
    void limitSortAndCountAcrossShards() {
        assertThat(etcdctl.run("get", "x", "--prefix", "--keys-only", "--limit=3", "--order=DESCEND", "--sort-by=KEY")
                .stdout().lines().filter(l -> !l.isEmpty()).toList()).containsExactly("xz", "xy", "xx");
        assertThat(etcdctl.run("get", "xk", "xp", "--keys-only").stdout().lines().filter(l -> !l.isEmpty()).toList())
                .containsExactly("xk", "xl", "xm", "xn", "xo");
        String json = etcdctl.run("get", "x", "--prefix", "--limit=2", "-w", "json").stdout();
        assertThat(json).contains("\"count\":26", "\"more\":true");
    }

    @Test
    void txnAcrossShardsIsRefusedAndNothingIsApplied() {
        String txn = "value(\"xa\") = \"XA\"\n\nput xb changed\nput xz changed\n\n\n";
        Etcdctl.Result result = etcdctl.runWithInput(txn, "txn");
        assertThat(result.ok()).isFalse();
        assertThat(result.stderr()).contains("spans shards");
        assertThat(etcdctl.run("get", "xb", "--print-value-only").stdout()).isEqualTo("XB\n");
        assertThat(etcdctl.run("get", "xz", "--print-value-only").stdout()).isEqualTo("XZ\n");
    }

    @Test
    void txnInsideOneShardWorks() {
        String txn = "value(\"xa\") = \"XA\"\n\nput xb XB2\n\n\n";
        assertThat(etcdctl.runWithInput(txn, "txn").stdout()).startsWith("SUCCESS");
    }

    @Test
    void deleteRangeAcrossShardsIsRefusedAndNothingIsDeleted() {
        Etcdctl.Result result = etcdctl.run("del", "x", "--prefix");
        assertThat(result.ok()).isFalse();
        assertThat(result.stderr()).contains("spans shards");
        assertThat(etcdctl.run("get", "x", "--prefix", "--keys-only").stdout().lines().filter(l -> !l.isEmpty()))
                .hasSize(LETTERS.size());
        etcdctl.run("put", "xa1", "1");
        etcdctl.run("put", "xa2", "2");
        assertThat(etcdctl.run("del", "xa1", "xa3").stdout()).isEqualTo("2\n");
    }

    @Test
    void compactionOfATenantSpanningShards() {
        etcdctl.run("put", "xc", "old");
        String json = etcdctl.run("get", "xc", "-w", "json").stdout();
        var m = java.util.regex.Pattern.compile("\"mod_revision\":(\\d+)").matcher(json);
        assertThat(m.find()).as(json).isTrue();
        long old = Long.parseLong(m.group(1));
        etcdctl.run("put", "xc", "new");
        etcdctl.run("put", "xz", "ZZ");
        String latest = etcdctl.run("get", "xz", "-w", "json").stdout();
        var r = java.util.regex.Pattern.compile("\"revision\":(\\d+)").matcher(latest);
        assertThat(r.find()).isTrue();
        long now = Long.parseLong(r.group(1));
        Etcdctl.Result compacted = etcdctl.run("compaction", Long.toString(now));
        assertThat(compacted.ok()).as(compacted.toString()).isTrue();
        assertThat(etcdctl.run("get", "xc", "--rev=" + old).stderr()).contains("required revision has been compacted");
        assertThat(etcdctl.run("get", "xc", "--print-value-only").stdout()).isEqualTo("new\n");
    }
}
