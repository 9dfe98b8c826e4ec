package io.cairn.server;

import static io.cairn.server.Rest.b64;
import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.testkit.CairnDevProcess;
import io.cairn.testkit.Etcdctl;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two tenants with the same user keys, every route: neither sees nor changes the other's data. */
class TenantIsolationIT {
    @TempDir
    static Path tmp;
    static CairnDevProcess dev;
    static Etcdctl alice;
    static Etcdctl bob;
    static Rest aliceRest;
    static Rest bobRest;

    @BeforeAll
    static void start() {
        dev = CairnDevProcess.start(tmp.resolve("data"), "--require-auth");
        try (DevAdmin admin = new DevAdmin(dev)) {
            String aliceKey = admin.createTenantWithKey("alice");
            String bobKey = admin.createTenantWithKey("bob");
            alice = new Etcdctl(dev.endpoint(), "--user", "alice:" + aliceKey);
            bob = new Etcdctl(dev.endpoint(), "--user", "bob:" + bobKey);
            aliceRest = new Rest(dev.endpoint(), aliceKey);
            bobRest = new Rest(dev.endpoint(), bobKey);
        }
    }

    @AfterAll
    static void stop() {
        if (dev != null) {
            dev.close();
        }
    }

    @Test
    void sameKeysDifferentTenants() {
        assertThat(alice.run("put", "shared", "from-alice").stdout()).isEqualTo("OK\n");
        assertThat(bob.run("put", "shared", "from-bob").stdout()).isEqualTo("OK\n");
        assertThat(alice.run("get", "shared", "--print-value-only").stdout()).isEqualTo("from-alice\n");
        assertThat(bob.run("get", "shared", "--print-value-only").stdout()).isEqualTo("from-bob\n");
    }

    @Test
    void fromKeyRangesAndPrefixDeletesStayInsideTheTenant() {
        alice.run("put", "iso/a", "1");
        alice.run("put", "iso/b", "2");
        bob.run("put", "iso/a", "3");
        bob.run("put", "zzz", "4");
        // "" --from-key is range_end "\0": everything from the start to the end of the keyspace.
        String aliceAll = alice.run("get", "", "--from-key", "--keys-only").stdout();
        assertThat(aliceAll).contains("iso/a", "iso/b").doesNotContain("zzz");
        assertThat(alice.run("del", "iso/", "--prefix").stdout()).isEqualTo("2\n");
        assertThat(bob.run("get", "iso/a", "--print-value-only").stdout()).isEqualTo("3\n");
        assertThat(alice.run("del", "", "--from-key").ok()).isTrue();
        assertThat(bob.run("get", "zzz", "--print-value-only").stdout()).isEqualTo("4\n");
        assertThat(bob.run("get", "iso/a", "--print-value-only").stdout()).isEqualTo("3\n");
    }

    @Test
    void txnComparesSeeOnlyTheCallersKeys() {
        bob.run("put", "owner", "bob");
        String txn = "create(\"owner\") = \"0\"\n\nput owner alice\n\nget owner\n\n";
        assertThat(alice.runWithInput(txn, "txn").stdout()).startsWith("SUCCESS");
        assertThat(bob.run("get", "owner", "--print-value-only").stdout()).isEqualTo("bob\n");
    }

    @Test
    void restRoutesAreIsolatedToo() {
        assertThat(aliceRest.put("/v1/kv/rest-shared", "alice-v").statusCode()).isEqualTo(200);
        assertThat(bobRest.get("/v1/kv/rest-shared").statusCode()).isEqualTo(404);
        String all = "{\"key\":\"" + b64("\0") + "\",\"range_end\":\"" + b64("\0") + "\"}";
        assertThat(bobRest.post("/v3/kv/range", all).body()).doesNotContain(b64("rest-shared"));
        assertThat(bobRest.post("/v3/kv/deleterange", all).statusCode()).isEqualTo(200);
        assertThat(aliceRest.get("/v1/kv/rest-shared").body()).isEqualTo("alice-v");
    }

    @Test
    void headersNeverLeakAnotherTenantsKeys() {
        bob.run("put", "secret", "bob-only");
        String json = alice.run("get", "", "--from-key", "-w", "json").stdout();
        assertThat(json).doesNotContain(b64("secret"));
    }
}
