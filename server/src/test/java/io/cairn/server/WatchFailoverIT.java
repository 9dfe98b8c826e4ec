package io.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.cairn.api.meta.ShardRoute;
import io.cairn.testkit.CairnCluster;
import io.cairn.testkit.ClusterMember;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real 3-node cluster ({@code cairn cluster up}, election timeout 1 s) under randomized
 * concurrent writes, watched through the gateway; the store node leading the watched shard is
 * {@code kill -9}'d during the run. The gateway resumes each shard stream on the new leader from
 * the last revision it delivered: the testkit's watch checker finds no loss, no duplicate, no
 * reordering, whole revisions, and exact resumption and progress. {@code -Pfaults}: three kills,
 * each victim restarted before the next.
 */
class WatchFailoverIT {
    static final boolean LONG = Boolean.getBoolean("cairn.faults");
    static final String PREFIX = "wf/";

    @TempDir
    static Path tmp;
    static CairnCluster cluster;
    static ClusterAdmin admin;

    @BeforeAll
    static void up() {
        cluster = CairnCluster.start(tmp.resolve("cluster"), 3, "--election-timeout-ms", "1000");
        admin = new ClusterAdmin(cluster);
    }

    @AfterAll
    static void down() {
        if (admin != null) {
            admin.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void watchesSurviveAKillNineOfTheShardLeadersNode() throws Exception {
        // A loaded machine may still be electing the control plane's leader after `cluster up`.
        long tenant = await("the control plane answers").atMost(Duration.ofSeconds(90)).ignoreExceptions()
                .until(() -> admin.tenantId(DevTenant.NAME), id -> id > 0);
        ByteString probe = ClusterAdmin.internalKey(tenant, PREFIX);
        int kills = LONG ? 3 : 1;
        int perPhase = LONG ? 300 : 40;
        try (WatchTraffic traffic = new WatchTraffic(cluster.gatewayEndpoints().getFirst(), cluster.apiKey(), PREFIX)) {
            traffic.startWatchers();
            traffic.startWriters(4);
            traffic.awaitProgress(perPhase, Duration.ofSeconds(60));
            for (int round = 0; round < kills; round++) {
                ShardRoute route = await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                        .until(() -> admin.routeOf(probe), r -> r.getLeaderNodeId() != 0);
                String rpc = admin.node(route.getLeaderNodeId()).getRpcAddress();
                ClusterMember victim = cluster.members("node").stream().filter(m -> m.address("rpc").equals(rpc))
                        .findFirst().orElseThrow();
                traffic.resume();
                long killed = System.nanoTime();
                cluster.kill9(victim.name());
                await("a new leader for shard " + route.getShard().getId()).atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                        .until(() -> admin.routeOf(probe).getLeaderNodeId() != route.getLeaderNodeId()
                                && admin.routeOf(probe).getLeaderNodeId() != 0);
                traffic.awaitProgress(perPhase, Duration.ofSeconds(60));
                System.out.printf("WATCH-FAILOVER kill -9 of %s (led shard %d): %d more writes acknowledged %d ms later%n",
                        victim.name(), route.getShard().getId(), perPhase, (System.nanoTime() - killed) / 1_000_000);
                if (round + 1 < kills) {
                    cluster.restart(victim.name());
                }
            }
            traffic.resume();
            traffic.awaitProgress(perPhase / 2, Duration.ofSeconds(60));
            assertThat(traffic.finish(Duration.ofSeconds(60))).isEmpty();
            assertThat(traffic.recordedWrites()).isGreaterThan(perPhase * (kills + 1));
            System.out.printf("WATCH-FAILOVER %d kills, %d acknowledged writes, %d with an unknown outcome%n",
                    kills, traffic.acknowledged(), traffic.unknownOutcomes());
        }
    }
}
