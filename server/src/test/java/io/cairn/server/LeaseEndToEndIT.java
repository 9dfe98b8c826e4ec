package io.cairn.server;

import static io.cairn.server.Rest.b64;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.cairn.api.etcdserverpb.KVGrpc;
import io.cairn.api.etcdserverpb.LeaseGrantRequest;
import io.cairn.api.etcdserverpb.LeaseGrpc;
import io.cairn.api.etcdserverpb.LeaseRevokeRequest;
import io.cairn.api.etcdserverpb.PutRequest;
import io.cairn.api.etcdserverpb.RangeRequest;
import io.cairn.testkit.CairnDevProcess;
import io.cairn.testkit.Etcdctl;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Leases through the gateway with the real etcdctl: the dev tenant split over two shards at
 * "xm" (its lease home holds "a".."xm", keys from "xm" on live on another shard), and a
 * second tenant that must never reach the dev tenant's leases.
 */
class LeaseEndToEndIT {
    private static final Pattern GRANTED = Pattern.compile("lease ([0-9a-f]+) granted with TTL\\((\\d+)s\\)");

    @TempDir
    static Path tmp;
    static CairnDevProcess dev;
    static Etcdctl etcdctl;
    static Etcdctl bob;
    static Rest rest;
    static final List<Process> keepers = new ArrayList<>();

    @BeforeAll
    static void start() {
        dev = CairnDevProcess.start(tmp.resolve("data"), "--split-at", "1:xm", "--split-at", "2");
        etcdctl = new Etcdctl(dev.endpoint());
        rest = new Rest(dev.endpoint(), dev.apiKey());
        try (DevAdmin admin = new DevAdmin(dev)) {
            bob = new Etcdctl(dev.endpoint(), "--user", "bob:" + admin.createTenantWithKey("bob"));
        }
    }

    @AfterAll
    static void stop() {
        keepers.forEach(Process::destroyForcibly);
        if (dev != null) {
            dev.close();
        }
    }

    static String grant(Etcdctl client, int ttl) {
        Etcdctl.Result result = client.run("lease", "grant", Integer.toString(ttl));
        Matcher m = GRANTED.matcher(result.stdout());
        assertThat(m.find()).as("grant output %s", result).isTrue();
        return m.group(1);
    }

    static boolean present(String key) {
        return !etcdctl.run("get", key, "--print-value-only").stdout().isEmpty();
    }

    @Test
    void grantAttachTimeToLiveListKeepAliveRevoke() {
        String lease = grant(etcdctl, 60);
        assertThat(etcdctl.run("put", "--lease=" + lease, "a/1", "v1").stdout()).isEqualTo("OK\n");
        assertThat(etcdctl.run("put", "--lease=" + lease, "xz/far", "v2").stdout()).as("key on the other shard")
                .isEqualTo("OK\n");
        assertThat(etcdctl.run("put", "plain", "v").ok()).isTrue();

        String ttl = etcdctl.run("lease", "timetolive", "--keys", lease).stdout();
        assertThat(ttl).contains("lease " + lease + " granted with TTL(60s)", "attached keys([a/1 xz/far])");
        assertThat(etcdctl.run("lease", "list").stdout()).contains(lease);
        assertThat(etcdctl.run("lease", "keep-alive", "--once", lease).stdout())
                .isEqualTo("lease " + lease + " keepalived with TTL(60)\n");
        assertThat(etcdctl.run("get", "a/1", "-w", "json").stdout()).contains("\"lease\":" + Long.parseUnsignedLong(lease, 16));

        assertThat(etcdctl.run("lease", "revoke", lease).stdout()).isEqualTo("lease " + lease + " revoked\n");
        assertThat(present("a/1")).as("home shard: deleted with the revoke").isFalse();
        await("key on the other shard deleted").atMost(Duration.ofSeconds(20)).until(() -> !present("xz/far"));
        assertThat(present("plain")).isTrue();
        assertThat(etcdctl.run("lease", "timetolive", lease).stdout()).isEqualTo("lease " + lease + " already expired\n");
        assertThat(etcdctl.run("lease", "revoke", lease).stderr()).contains("etcdserver: requested lease not found");
    }

    /**
     * Puts attaching a lease to keys on the non-home shard, each racing the lease's revoke: every
     * put is either refused with etcd's "lease not found" or applied and then deleted by the
     * revoke's fan-out; no key stays behind on a dead lease (docs/leases.md).
     */
    @Test
    void putsRacingARevokeOnTheOtherShardLeaveNoKeyOnADeadLease() throws Exception {
        ManagedChannel channel = ManagedChannelBuilder.forTarget(dev.endpoint()).usePlaintext().build();
        ExecutorService racers = Executors.newVirtualThreadPerTaskExecutor();
        try {
            LeaseGrpc.LeaseBlockingStub leases = LeaseGrpc.newBlockingStub(channel);
            KVGrpc.KVBlockingStub kv = KVGrpc.newBlockingStub(channel);
            int applied = 0;
            int refused = 0;
            for (int i = 0; i < 150; i++) {
                long id = leases.withDeadlineAfter(10, TimeUnit.SECONDS)
                        .leaseGrant(LeaseGrantRequest.newBuilder().setTTL(60).build()).getID();
                ByteString key = ByteString.copyFromUtf8("xz/race/" + i);
                CountDownLatch go = new CountDownLatch(1);
                Future<?> revoke = racers.submit(() -> {
                    go.await();
                    return leases.withDeadlineAfter(10, TimeUnit.SECONDS)
                            .leaseRevoke(LeaseRevokeRequest.newBuilder().setID(id).build());
                });
                Future<Boolean> put = racers.submit(() -> {
                    go.await();
                    try {
                        kv.withDeadlineAfter(10, TimeUnit.SECONDS).put(PutRequest.newBuilder().setKey(key)
                                .setValue(ByteString.copyFromUtf8("v")).setLease(id).build());
                        return true;
                    } catch (StatusRuntimeException e) {
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
                        assertThat(e.getStatus().getDescription()).isEqualTo("etcdserver: requested lease not found");
                        return false;
                    }
                });
                go.countDown();
                revoke.get(20, TimeUnit.SECONDS);
                if (put.get(20, TimeUnit.SECONDS)) {
                    applied++;
                } else {
                    refused++;
                }
            }
            ByteString from = ByteString.copyFromUtf8("xz/race/");
            ByteString to = ByteString.copyFromUtf8("xz/race0");
            await("no key left on a revoked lease").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> kv.withDeadlineAfter(10, TimeUnit.SECONDS).range(RangeRequest.newBuilder()
                            .setKey(from).setRangeEnd(to).setCountOnly(true).build()).getCount() == 0);
            System.out.printf("LEASE-RACE 150 puts racing their lease's revoke: %d applied then deleted, %d refused%n",
                    applied, refused);
        } finally {
            racers.shutdownNow();
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void attachingAMissingLeaseIsRefusedOnEveryShard() {
        assertThat(etcdctl.run("put", "--lease=1234abcd", "a/x", "v").stderr())
                .contains("etcdserver: requested lease not found");
        assertThat(etcdctl.run("put", "--lease=1234abcd", "xz/x", "v").stderr())
                .contains("etcdserver: requested lease not found");
        assertThat(present("a/x")).isFalse();
        assertThat(present("xz/x")).isFalse();
    }

    @Test
    void expiryDeletesTheKeys() {
        String lease = grant(etcdctl, 3);
        etcdctl.run("put", "--lease=" + lease, "exp/home", "v");
        etcdctl.run("put", "--lease=" + lease, "xz/exp", "v");
        assertThat(present("exp/home")).isTrue();
        await("expired").atMost(Duration.ofSeconds(30)).until(() -> !present("exp/home") && !present("xz/exp"));
        assertThat(etcdctl.run("lease", "timetolive", lease).stdout()).contains("already expired");
    }

    @Test
    void txnPutsWithALease() {
        String lease = grant(etcdctl, 60);
        String id = Long.toString(Long.parseUnsignedLong(lease, 16));
        String txn = "{\"success\":[{\"request_put\":{\"key\":\"" + b64("txn/a") + "\",\"value\":\""
                + b64("one") + "\",\"lease\":\"" + id + "\"}}]}";
        assertThat(rest.post("/v3/kv/txn", txn).body()).contains("\"succeeded\":true");
        assertThat(etcdctl.run("lease", "timetolive", "--keys", lease).stdout()).contains("attached keys([txn/a])");
        var missing = rest.post("/v3/kv/txn", txn.replace("\"lease\":\"" + id + "\"", "\"lease\":\"77\""));
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("etcdserver: requested lease not found");
        etcdctl.run("lease", "revoke", lease);
        assertThat(present("txn/a")).isFalse();
    }

    @Test
    void anotherTenantCannotReachTheLease() {
        String lease = grant(etcdctl, 60);
        etcdctl.run("put", "--lease=" + lease, "mine", "v");
        assertThat(bob.run("lease", "revoke", lease).stderr()).contains("etcdserver: requested lease not found");
        assertThat(bob.run("lease", "timetolive", "--keys", lease).stdout()).contains("already expired");
        assertThat(bob.run("lease", "keep-alive", "--once", lease).ok()).isFalse();
        assertThat(bob.run("put", "--lease=" + lease, "theirs", "v").stderr())
                .contains("etcdserver: requested lease not found");
        assertThat(bob.run("lease", "list").stdout()).doesNotContain(lease);
        String bobs = grant(bob, 60);
        assertThat(etcdctl.run("lease", "revoke", bobs).stderr()).contains("etcdserver: requested lease not found");
        assertThat(etcdctl.run("lease", "timetolive", lease).stdout()).contains("granted with TTL(60s)");
        assertThat(present("mine")).isTrue();
    }

    @Test
    void restLeaseRoutes() {
        String granted = rest.post("/v3/lease/grant", "{\"TTL\":\"30\",\"ID\":\"4242\"}").body();
        assertThat(granted).contains("\"ID\":\"4242\"", "\"TTL\":\"30\"");
        assertThat(rest.post("/v3/lease/grant", "{\"TTL\":\"30\",\"ID\":\"4242\"}").body())
                .contains("etcdserver: lease already exists");
        rest.post("/v3/kv/put", "{\"key\":\"" + b64("rest/leased") + "\",\"value\":\"" + b64("v") + "\",\"lease\":\"4242\"}");
        assertThat(rest.post("/v3/lease/timetolive", "{\"ID\":\"4242\",\"keys\":true}").body())
                .contains("\"grantedTTL\":\"30\"", b64("rest/leased"));
        assertThat(rest.post("/v3/lease/keepalive", "{\"ID\":\"4242\"}").body()).contains("\"result\"", "\"TTL\":\"30\"");
        assertThat(rest.post("/v3/lease/leases", "{}").body()).contains("\"4242\"");
        assertThat(rest.post("/v3/lease/revoke", "{\"ID\":\"4242\"}").statusCode()).isEqualTo(200);
        assertThat(rest.post("/v3/lease/revoke", "{\"ID\":\"4242\"}").statusCode()).isEqualTo(404);
        assertThat(present("rest/leased")).isFalse();
    }

    /** The seed's service registry: instances register with a lease and keep it alive. */
    @Test
    void serviceRegistryLosesOnlyTheInstanceThatStoppedHeartbeating() throws IOException {
        List<String> leases = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String lease = grant(etcdctl, 4);
            leases.add(lease);
            etcdctl.run("put", "--lease=" + lease, "services/api/" + i, "10.0.0." + i + ":8080");
            keepers.add(keepAlive(lease));
        }
        await("all registered and alive").pollDelay(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(20))
                .until(() -> etcdctl.run("get", "services/api/", "--prefix", "--keys-only").stdout()
                        .lines().filter(l -> !l.isEmpty()).count() == 3);
        long killedAt = System.nanoTime();
        keepers.get(1).destroyForcibly();
        await("instance 1 gone").atMost(Duration.ofSeconds(30)).until(() -> !present("services/api/1"));
        assertThat(Duration.ofNanos(System.nanoTime() - killedAt)).as("not before its TTL")
                .isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        assertThat(present("services/api/0")).isTrue();
        assertThat(present("services/api/2")).isTrue();
        assertThat(etcdctl.run("lease", "timetolive", leases.get(0)).stdout()).contains("granted with TTL(4s)");
    }

    private static Process keepAlive(String lease) throws IOException {
        ProcessBuilder builder = new ProcessBuilder("etcdctl", "--endpoints=" + dev.endpoint(), "lease", "keep-alive", lease)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("ETCDCTL_API", "3");
        return builder.start();
    }
}
