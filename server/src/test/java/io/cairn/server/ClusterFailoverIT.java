package io.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.cairn.api.etcdserverpb.PutRequest;
import io.cairn.api.etcdserverpb.PutResponse;
import io.cairn.api.etcdserverpb.RangeRequest;
import io.cairn.api.meta.ShardRoute;
import io.cairn.api.placement.ControlPlaneMember;
import io.cairn.api.placement.ControlPlaneStatusResponse;
import io.cairn.api.shard.ShardResponse;
import io.cairn.testkit.CairnCluster;
import io.cairn.testkit.ClusterMember;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failover of a real 3-node cluster (election timeout 1 s): {@code kill -9} of the store node
 * leading the tenant's shard, repeated ({@code -Dcairn.failover.kills=N}; once in the default
 * suite, 5 times with {@code -Pfaults}), measuring
 * the time to the first successful write; the killed node restarts and catches up; then the
 * control-plane leader is killed: reads keep working, a new leader takes over, revisions only grow.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterFailoverIT {
    static final int KILLS = Integer.getInteger("cairn.failover.kills", Boolean.getBoolean("cairn.faults") ? 5 : 1);
    /** The target for a 1 s election timeout, met by the median kill. */
    static final long WRITE_RESUME_TARGET_MS = 3_000;
    /**
     * No single kill may exceed this: detection (at most 2 election timeouts with JRaft's random
     * delay) + vote + the next heartbeat to the control plane + route push, with room for a
     * loaded 2-core machine (one kill in three took 4.9 s there while 5 builds ran).
     */
    static final long WRITE_RESUME_BOUND_MS = 8_000;

    @TempDir
    static Path tmp;
    static CairnCluster cluster;
    static ClusterAdmin admin;
    static GrpcKv client;

    @BeforeAll
    static void up() {
        cluster = CairnCluster.start(tmp.resolve("cluster"), 3, "--election-timeout-ms", "1000");
        admin = new ClusterAdmin(cluster);
        client = new GrpcKv(cluster.gatewayEndpoints().getFirst(), cluster.apiKey());
    }

    @AfterAll
    static void down() throws Exception {
        if (client != null) {
            client.close();
        }
        if (admin != null) {
            admin.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void killNineOfAShardLeaderNodeThenRestartAndCatchUp() {
        long tenant = admin.tenantId(DevTenant.NAME);
        List<String> acknowledged = new ArrayList<>();
        List<Long> resumeMs = new ArrayList<>();
        for (int round = 0; round < KILLS; round++) {
            for (int i = 0; i < 20; i++) {
                put("before/" + round + "/" + i, "v");
                acknowledged.add("before/" + round + "/" + i);
            }
            ShardRoute route = admin.routeOf(ClusterAdmin.internalKey(tenant, "probe"));
            ClusterMember victim = nodeMember(admin.node(route.getLeaderNodeId()).getRpcAddress());

            long killed = System.nanoTime();
            cluster.kill9(victim.name());
            firstSuccessfulPut("probe", "after-kill-" + round, Duration.ofSeconds(30));
            long ms = (System.nanoTime() - killed) / 1_000_000;
            resumeMs.add(ms);
            System.out.printf("FAILOVER store node %s (led shard %d) kill -9 #%d: first write after %d ms%n",
                    victim.name(), route.getShard().getId(), round + 1, ms);

            List<String> whileDown = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String key = "down/" + round + "/" + i;
                put(key, "written-while-" + victim.name() + "-was-down");
                whileDown.add(key);
            }
            acknowledged.addAll(whileDown);
            assertThat(keysWithPrefix("before/")).containsAll(acknowledged.stream().filter(k -> k.startsWith("before/")).toList());
            assertThat(keysWithPrefix("down/")).containsAll(whileDown);

            cluster.restart(victim.name());
            String rpc = victim.address("rpc");
            await().atMost(60, TimeUnit.SECONDS).pollInterval(200, TimeUnit.MILLISECONDS).untilAsserted(() ->
                    assertThat(whileDown).allMatch(key -> presentLocally(rpc, tenant, key)));
        }
        resumeMs.sort(Long::compare);
        System.out.printf("FAILOVER store node kill -9: first write after %s ms (sorted, %d kills)%n", resumeMs, KILLS);
        assertThat(resumeMs.get(resumeMs.size() / 2)).as("median of %s", resumeMs).isLessThanOrEqualTo(WRITE_RESUME_TARGET_MS);
        assertThat(resumeMs).allMatch(ms -> ms <= WRITE_RESUME_BOUND_MS);
    }

    @Test
    @Order(2)
    void killNineOfTheControlPlaneLeader() throws Exception {
        put("existing", "value");
        long lastBefore = 0;
        for (int i = 0; i < 10; i++) {
            lastBefore = put("cp/before/" + i, "v").getHeader().getRevision();
        }
        ControlPlaneStatusResponse before = admin.placement().status();
        String leaderRaft = before.getMembersList().stream().filter(ControlPlaneMember::getLeader)
                .map(ControlPlaneMember::getRaftAddress).findFirst().orElseThrow();
        ClusterMember leader = cluster.members("control-plane").stream()
                .filter(m -> m.address("raft").equals(leaderRaft)).findFirst().orElseThrow();

        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger readsOk = new AtomicInteger();
        List<String> readErrors = new ArrayList<>();
        Thread reader = Thread.ofVirtual().start(() -> {
            while (!stop.get()) {
                try {
                    var got = client.kv.withDeadlineAfter(2, TimeUnit.SECONDS)
                            .range(RangeRequest.newBuilder().setKey(ByteString.copyFromUtf8("existing")).build());
                    assertThat(got.getKvs(0).getValue().toStringUtf8()).isEqualTo("value");
                    readsOk.incrementAndGet();
                } catch (StatusRuntimeException e) {
                    synchronized (readErrors) {
                        readErrors.add(e.getStatus().toString());
                    }
                }
            }
        });

        int readsAtKill = readsOk.get();
        long killed = System.nanoTime();
        cluster.kill9(leader.name());
        long firstAfter = firstSuccessfulPut("cp/after", "v", Duration.ofSeconds(30)).getHeader().getRevision();
        long ms = (System.nanoTime() - killed) / 1_000_000;
        int readsDuringGap = readsOk.get() - readsAtKill;
        stop.set(true);
        reader.join(10_000);
        System.out.printf("FAILOVER control-plane leader %s kill -9: first write after %d ms; %d reads served meanwhile, %d failed%n",
                leader.name(), ms, readsDuringGap, readErrors.size());

        assertThat(firstAfter).isGreaterThan(lastBefore);
        assertThat(readErrors).as("reads of existing routes while the control plane elects").isEmpty();
        assertThat(readsDuringGap).isPositive();
        ControlPlaneStatusResponse after = admin.placement().status();
        assertThat(after.getTerm()).isGreaterThan(before.getTerm());
        assertThat(after.getMembersList().stream().filter(ControlPlaneMember::getLeader)
                .map(ControlPlaneMember::getRaftAddress)).doesNotContain(leaderRaft);
        long previous = firstAfter;
        for (int i = 0; i < 10; i++) {
            long revision = put("cp/after/" + i, "v").getHeader().getRevision();
            assertThat(revision).isGreaterThan(previous);
            previous = revision;
        }

        cluster.restart(leader.name());
        long revision = put("cp/after-restart", "v").getHeader().getRevision();
        assertThat(revision).isGreaterThan(previous);
    }

    private static PutResponse put(String key, String value) {
        return client.kv().put(PutRequest.newBuilder().setKey(ByteString.copyFromUtf8(key))
                .setValue(ByteString.copyFromUtf8(value)).build());
    }

    private static PutResponse firstSuccessfulPut(String key, String value, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        StatusRuntimeException last = null;
        while (System.nanoTime() < deadline) {
            try {
                return client.kv.withDeadlineAfter(1, TimeUnit.SECONDS).put(PutRequest.newBuilder()
                        .setKey(ByteString.copyFromUtf8(key)).setValue(ByteString.copyFromUtf8(value)).build());
            } catch (StatusRuntimeException e) {
                last = e;
            }
        }
        throw new AssertionError("no write succeeded within " + timeout.toSeconds() + " s", last);
    }

    private static List<String> keysWithPrefix(String prefix) {
        return client.kv().range(RangeRequest.newBuilder().setKey(ByteString.copyFromUtf8(prefix))
                        .setRangeEnd(ByteString.copyFromUtf8(prefix.substring(0, prefix.length() - 1) + "0")).build())
                .getKvsList().stream().map(kv -> kv.getKey().toStringUtf8()).toList();
    }

    private static boolean presentLocally(String nodeRpc, long tenant, String key) {
        ByteString internal = ClusterAdmin.internalKey(tenant, key);
        try {
            ShardResponse response = ClusterAdmin.serializableGet(nodeRpc, admin.routeOf(internal), internal);
            return response.hasRange() && response.getRange().getKvsCount() == 1;
        } catch (StatusRuntimeException e) {
            return false;
        }
    }

    private static ClusterMember nodeMember(String rpcAddress) {
        return cluster.members("node").stream().filter(m -> m.address("rpc").equals(rpcAddress)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no node process serves " + rpcAddress));
    }
}
