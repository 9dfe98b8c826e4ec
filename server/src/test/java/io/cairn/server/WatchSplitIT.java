package io.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.cairn.api.meta.ShardRoute;
import io.cairn.api.meta.Tenant;
import io.cairn.testkit.CairnDevProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A shard split (admin SplitShard through the control plane's admin gRPC) while randomized
 * concurrent writers hit keys on both sides of the split key and watches span the whole prefix:
 * the testkit's watch checker finds every event, once, in revision order, whole revisions, the
 * resumed watch continuing exactly after its last revision, and progress answers after every
 * event below them. {@code -Pfaults} splits three times and runs longer.
 */
class WatchSplitIT {
    static final boolean LONG = Boolean.getBoolean("cairn.faults");
    static final String PREFIX = "ws/";

    @TempDir
    static Path tmp;
    static CairnDevProcess dev;
    static DevAdmin admin;

    @BeforeAll
    static void start() {
        dev = CairnDevProcess.start(tmp.resolve("data"));
        admin = new DevAdmin(dev);
    }

    @AfterAll
    static void stop() {
        if (admin != null) {
            admin.close();
        }
        if (dev != null) {
            dev.close();
        }
    }

    @Test
    void watchesAcrossASplitLoseNothingRepeatNothingAndStayOrdered() throws Exception {
        long tenant = admin.placement().listTenants().stream().filter(t -> t.getName().equals(DevTenant.NAME))
                .mapToLong(Tenant::getId).findFirst().orElseThrow();
        List<String> splitAt = LONG ? List.of("ws/m", "ws/f", "ws/t") : List.of("ws/m");
        int perPhase = LONG ? 400 : 120;
        try (WatchTraffic traffic = new WatchTraffic(dev.endpoint(), null, PREFIX)) {
            traffic.startWatchers();
            traffic.startWriters(4);
            traffic.awaitProgress(perPhase, Duration.ofSeconds(60));
            for (String at : splitAt) {
                traffic.resume();
                ByteString splitKey = ClusterAdmin.internalKey(tenant, at);
                ShardRoute shard = routeOf(splitKey);
                assertThat(shard.getShard().getStartKey()).isNotEqualTo(splitKey);
                admin.placement().splitShard(shard.getShard().getId(), splitKey.toByteArray());
                await("the split of shard " + shard.getShard().getId() + " at " + at).atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(200))
                        .until(() -> routeOf(splitKey).getShard().getStartKey().equals(splitKey)
                                && routeOf(splitKey).getLeaderNodeId() != 0);
                traffic.awaitProgress(perPhase, Duration.ofSeconds(60));
            }
            traffic.resume();
            traffic.awaitProgress(perPhase / 2, Duration.ofSeconds(60));
            assertThat(traffic.finish(Duration.ofSeconds(60))).isEmpty();
            assertThat(traffic.recordedWrites()).isGreaterThan(perPhase * (splitAt.size() + 1));
            System.out.printf("WATCH-SPLIT %d splits, %d acknowledged writes, %d with an unknown outcome%n",
                    splitAt.size(), traffic.acknowledged(), traffic.unknownOutcomes());
        }
    }

    private static ShardRoute routeOf(ByteString key) {
        return admin.placement().getRoutes(0).getShardsList().stream().filter(r -> contains(r, key)).findFirst()
                .orElseThrow();
    }

    private static boolean contains(ShardRoute route, ByteString key) {
        var order = ByteString.unsignedLexicographicalComparator();
        ByteString end = route.getShard().getEndKey();
        return order.compare(route.getShard().getStartKey(), key) <= 0 && (end.isEmpty() || order.compare(key, end) < 0);
    }
}
