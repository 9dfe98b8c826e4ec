package io.cairn.server;

import static io.cairn.server.WatchEndToEndIT.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.api.etcdserverpb.PutRequest;
import io.cairn.api.etcdserverpb.WatchCreateRequest;
import io.cairn.api.etcdserverpb.WatchResponse;
import io.cairn.testkit.CairnDevProcess;
import io.cairn.testkit.Etcdctl;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two tenants watching the same keys see only their own events and cannot touch each other's watches. */
class WatchTenantIsolationIT {
    @TempDir
    static Path tmp;
    static CairnDevProcess dev;
    static String aliceKey;
    static String bobKey;

    @BeforeAll
    static void start() {
        dev = CairnDevProcess.start(tmp.resolve("data"), "--require-auth");
        try (DevAdmin admin = new DevAdmin(dev)) {
            aliceKey = admin.createTenantWithKey("alice");
            bobKey = admin.createTenantWithKey("bob");
        }
    }

    @AfterAll
    static void stop() {
        if (dev != null) {
            dev.close();
        }
    }

    private static long put(GrpcKv kv, String key, String value) {
        return kv.kv().put(PutRequest.newBuilder().setKey(bytes(key)).setValue(bytes(value)).build())
                .getHeader().getRevision();
    }

    @Test
    void eachTenantSeesOnlyItsOwnEventsForTheSameKeys() throws Exception {
        WatchCreateRequest everything = WatchCreateRequest.newBuilder()
                .setKey(bytes("\0")).setRangeEnd(bytes("\0")).build();
        try (GrpcKv alice = new GrpcKv(dev.endpoint(), aliceKey); GrpcKv bob = new GrpcKv(dev.endpoint(), bobKey);
             WatchStream aliceWatch = new WatchStream(dev.endpoint(), aliceKey);
             WatchStream bobWatch = new WatchStream(dev.endpoint(), bobKey)) {
            aliceWatch.create(everything);
            bobWatch.create(everything);
            long aliceWatchId = aliceWatch.next(10).getWatchId();
            assertThat(bobWatch.next(10).getWatchId()).isEqualTo(aliceWatchId);
            // Bob cancels "his" watch id, which is also alice's number: only his own is cancelled.
            bobWatch.cancel(aliceWatchId);
            assertThat(bobWatch.next(10).getCanceled()).isTrue();
            bobWatch.create(everything);
            bobWatch.next(10);
            put(bob, "shared", "from-bob");
            long aliceRevision = put(alice, "shared", "from-alice");
            List<WatchResponse> aliceGot = aliceWatch.nextUntil(r -> r.getEventsCount() > 0, 20);
            assertThat(aliceGot.getLast().getEventsList()).singleElement().satisfies(e -> {
                assertThat(e.getKv().getKey().toStringUtf8()).isEqualTo("shared");
                assertThat(e.getKv().getValue().toStringUtf8()).isEqualTo("from-alice");
                assertThat(e.getKv().getModRevision()).isEqualTo(aliceRevision);
            });
            List<WatchResponse> bobGot = bobWatch.nextUntil(r -> r.getEventsCount() > 0, 20);
            assertThat(bobGot.getLast().getEventsList()).singleElement()
                    .satisfies(e -> assertThat(e.getKv().getValue().toStringUtf8()).isEqualTo("from-bob"));
            assertThat(aliceWatch.poll(500)).isNull();
            assertThat(bobWatch.poll(500)).isNull();
        }
    }

    @Test
    void etcdctlWatchWithTenantCredentials() throws Exception {
        Etcdctl bob = new Etcdctl(dev.endpoint(), "--user", "bob:" + bobKey);
        try (EtcdctlWatch aliceWatch = new EtcdctlWatch(dev.endpoint(), List.of("--user", "alice:" + aliceKey),
                "--prefix", "cfg/", "--rev=1")) {
            bob.run("put", "cfg/x", "bob-value");
            new Etcdctl(dev.endpoint(), "--user", "alice:" + aliceKey).run("put", "cfg/x", "alice-value");
            assertThat(aliceWatch.take(3, 20)).containsExactly("PUT", "cfg/x", "alice-value");
        }
    }

    @Test
    void aWatchWithoutCredentialsIsRefused() throws Exception {
        Etcdctl.Result result = new Etcdctl(dev.endpoint()).run("watch", "x", "--rev=1");
        assertThat(result.ok()).isFalse();
        assertThat(result.stderr()).contains("missing or invalid API key");
    }
}
