package io.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.testkit.CairnDevProcess;
import io.cairn.testkit.Etcdctl;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The seed's etcdctl session, run with the real etcdctl against a real {@code cairn dev}. */
class EtcdctlEndToEndIT {
    @TempDir
    static Path tmp;
    static CairnDevProcess dev;
    static Etcdctl etcdctl;

    @BeforeAll
    static void start() {
        dev = CairnDevProcess.start(tmp.resolve("data"));
        etcdctl = new Etcdctl(dev.endpoint());
    }

    @AfterAll
    static void stop() {
        if (dev != null) {
            dev.close();
        }
    }

    @Test
    void putAndGetWithNoFlagsAsOnAFreshEtcd() {
        assertThat(etcdctl.run("put", "name", "wuuu").stdout()).isEqualTo("OK\n");
        assertThat(etcdctl.run("get", "name").lines()).containsExactly("name", "wuuu");
        assertThat(etcdctl.run("get", "missing").stdout()).isEmpty();
    }

    @Test
    void prefixLimitSortKeysOnlyAndDelete() {
        for (int i = 1; i <= 5; i++) {
            assertThat(etcdctl.run("put", "svc/" + i, "v" + (6 - i)).ok()).isTrue();
        }
        assertThat(etcdctl.run("get", "svc/", "--prefix", "--keys-only").stdout().lines().filter(l -> !l.isEmpty()))
                .containsExactly("svc/1", "svc/2", "svc/3", "svc/4", "svc/5");
        assertThat(etcdctl.run("get", "svc/", "--prefix", "--limit=2").lines())
                .containsExactly("svc/1", "v5", "svc/2", "v4");
        assertThat(etcdctl.run("get", "svc/", "--prefix", "--sort-by=KEY", "--order=DESCEND", "--keys-only")
                .stdout().lines().filter(l -> !l.isEmpty()).findFirst()).contains("svc/5");
        assertThat(etcdctl.run("get", "svc/", "--prefix", "--sort-by=VALUE", "--order=ASCEND", "--print-value-only")
                .stdout().lines().filter(l -> !l.isEmpty())).containsExactly("v1", "v2", "v3", "v4", "v5");
        assertThat(etcdctl.run("get", "svc/", "--prefix", "--limit=1", "-w", "json").stdout())
                .contains("\"count\":5", "\"more\":true");
        assertThat(etcdctl.run("del", "svc/", "--prefix").stdout()).isEqualTo("5\n");
        assertThat(etcdctl.run("get", "svc/", "--prefix").stdout()).isEmpty();
    }

    @Test
    void createIfAbsentLockWithTxn() {
        String txn = "create(\"lock/job\") = \"0\"\n\nput lock/job owner-a\n\nget lock/job\n\n";
        Etcdctl.Result first = etcdctl.runWithInput(txn, "txn");
        assertThat(first.stdout()).startsWith("SUCCESS").contains("OK");
        String second = etcdctl.runWithInput(txn.replace("owner-a", "owner-b"), "txn").stdout();
        assertThat(second).startsWith("FAILURE").contains("owner-a");
        assertThat(etcdctl.run("get", "lock/job", "--print-value-only").stdout()).isEqualTo("owner-a\n");
    }

    @Test
    void userFlagWithTheDevApiKey() {
        Etcdctl asDev = etcdctl.withFlags("--user", "dev:" + dev.apiKey());
        assertThat(asDev.run("put", "with-user", "yes").stdout()).isEqualTo("OK\n");
        assertThat(etcdctl.run("get", "with-user", "--print-value-only").stdout()).isEqualTo("yes\n");
        Etcdctl.Result wrong = etcdctl.withFlags("--user", "dev:cairn_0000000000000000_00000000000000000000000000000000")
                .run("get", "with-user");
        assertThat(wrong.ok()).isFalse();
        assertThat(wrong.stderr()).contains("authentication failed");
    }

    @Test
    void endpointStatusMemberListHealthAndAlarms() {
        Etcdctl.Result table = etcdctl.run("endpoint", "status", "-w", "table");
        assertThat(table.ok()).as(table.toString()).isTrue();
        assertThat(table.stdout()).contains("ENDPOINT", "RAFT TERM", "RAFT INDEX", dev.endpoint());
        Etcdctl.Result json = etcdctl.run("endpoint", "status", "-w", "json");
        assertThat(json.stdout()).contains("\"leader\"", "\"raftTerm\"", "\"dbSize\"");
        Etcdctl.Result members = etcdctl.run("member", "list");
        assertThat(members.ok()).as(members.toString()).isTrue();
        assertThat(members.lines()).hasSize(1);
        assertThat(members.stdout()).contains("started", dev.endpoint());
        assertThat(etcdctl.run("endpoint", "health").stderr() + etcdctl.run("endpoint", "health").stdout())
                .contains("is healthy");
        Etcdctl.Result alarms = etcdctl.run("alarm", "list");
        assertThat(alarms.ok()).isTrue();
        assertThat(alarms.stdout()).isEmpty();
    }

    @Test
    void compactionAndHistoricalReads() {
        etcdctl.run("put", "hist", "one");
        long rev1 = revisionOf("hist");
        etcdctl.run("put", "hist", "two");
        long rev2 = revisionOf("hist");
        assertThat(rev2).isGreaterThan(rev1);
        assertThat(etcdctl.run("get", "hist", "--rev=" + rev1, "--print-value-only").stdout()).isEqualTo("one\n");
        assertThat(etcdctl.run("compaction", Long.toString(rev2)).stdout()).contains("compacted revision " + rev2);
        Etcdctl.Result old = etcdctl.run("get", "hist", "--rev=" + rev1);
        assertThat(old.ok()).isFalse();
        assertThat(old.stderr()).contains("required revision has been compacted");
        assertThat(etcdctl.run("get", "hist", "--print-value-only").stdout()).isEqualTo("two\n");
    }

    @Test
    void etcdErrorsForMissingLeaseAndKey() {
        Etcdctl.Result lease = etcdctl.run("put", "leased", "v", "--lease=1234");
        assertThat(lease.ok()).isFalse();
        assertThat(lease.stderr()).contains("requested lease not found");
        Etcdctl.Result ignore = etcdctl.run("put", "never-written", "--ignore-value");
        assertThat(ignore.ok()).isFalse();
        assertThat(ignore.stderr()).contains("key not found");
    }

    private long revisionOf(String key) {
        String json = etcdctl.run("get", key, "-w", "json").stdout();
        var m = java.util.regex.Pattern.compile("\"mod_revision\":(\\d+)").matcher(json);
        assertThat(m.find()).as(json).isTrue();
        return Long.parseLong(m.group(1));
    }
}
