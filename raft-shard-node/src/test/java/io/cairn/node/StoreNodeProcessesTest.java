package io.cairn.node;

import static io.cairn.node.ClusterSpec.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cairn.api.meta.ShardStats;
import io.cairn.api.shard.ShardResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Three store nodes in three JVMs, hosting two 3-replica shards. */
class StoreNodeProcessesTest {
    private static final long SHARD = 1;

    @TempDir
    Path dir;
    private final ClusterSpec spec = ClusterSpec.create(3, 2, 1000, 1);
    private NodeProcesses processes;
    private final Map<Long, NodeClient> clients = new HashMap<>();

    @AfterEach
    void stop() {
        clients.values().forEach(NodeClient::close);
        if (processes != null) {
            processes.close();
        }
    }

    @Test
    void electsLeadersReplicatesFailsOverAndCatchesUpFromASnapshot() {
        processes = new NodeProcesses(spec, dir);
        for (long id = 1; id <= 3; id++) {
            processes.start(id);
            clients.put(id, new NodeClient(spec.node(id).rpcAddress()));
        }

        long leader = awaitLeader(SHARD);
        long other = awaitLeader(2);
        assertThat(other).isBetween(1L, 3L);
        writeKeys(leader, "a", 0, 20);
        long follower = leader % 3 + 1;
        ShardResponse redirected = clients.get(follower).put(SHARD, key(SHARD, "via-follower"), "v");
        assertThat(redirected.getError().getNotLeader().getLeaderNodeId()).isEqualTo(leader);
        assertThat(redirected.getError().getNotLeader().getLeaderRpcAddress()).isEqualTo(spec.node(leader).rpcAddress());
        for (long id = 1; id <= 3; id++) {
            awaitReplicaHas(id, "a", 0, 20);
        }

        // kill -9 the leader: a new one is elected and takes writes.
        processes.kill(leader);
        long newLeader = awaitLeader(SHARD);
        assertThat(newLeader).isNotEqualTo(leader);
        writeKeys(newLeader, "b", 0, 20);
        assertThat(value(clients.get(newLeader).get(SHARD, key(SHARD, "a-7"), false))).isEqualTo("a-7");
        processes.start(leader);
        awaitReplicaHas(leader, "b", 0, 20);

        // A follower misses enough entries that the leader's log no longer has them.
        long current = awaitLeader(SHARD);
        long lagging = Stream.of(1L, 2L, 3L).filter(id -> id != current).findFirst().orElseThrow();
        long laggingApplied = stats(lagging, SHARD).orElseThrow().getAppliedIndex();
        processes.kill(lagging);
        writeKeys(current, "c", 0, 50);
        long firstSnapshot = awaitSnapshotAbove(current, laggingApplied);
        writeKeys(current, "c", 50, 100);
        awaitSnapshotAbove(current, firstSnapshot);

        processes.start(lagging);
        awaitReplicaHas(lagging, "c", 0, 100);
        // Its own snapshots stop at laggingApplied: a higher one came from the leader.
        assertThat(loadedSnapshots(processes.log(lagging))).anyMatch(index -> index > laggingApplied);
    }

    private static List<Long> loadedSnapshots(String log) {
        Matcher m = Pattern.compile("shard " + SHARD + ": loaded snapshot at index (\\d+)").matcher(log);
        List<Long> indexes = new ArrayList<>();
        while (m.find()) {
            indexes.add(Long.parseLong(m.group(1)));
        }
        return indexes;
    }

    private long awaitLeader(long shard) {
        long[] leader = new long[1];
        await("leader of shard " + shard).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    for (long id = 1; id <= 3; id++) {
                        if (processes.isRunning(id) && stats(id, shard).map(ShardStats::getLeader).orElse(false)) {
                            leader[0] = id;
                            return true;
                        }
                    }
                    return false;
                });
        return leader[0];
    }

    private Optional<ShardStats> stats(long nodeId, long shard) {
        try {
            return clients.get(nodeId).status().getShardsList().stream()
                    .filter(s -> s.getShardId() == shard).findFirst();
        } catch (io.grpc.StatusRuntimeException e) {
            return Optional.empty();
        }
    }

    private void writeKeys(long nodeId, String prefix, int from, int to) {
        for (int i = from; i < to; i++) {
            ShardResponse put = clients.get(nodeId).put(SHARD, key(SHARD, prefix + "-" + i), prefix + "-" + i);
            assertThat(put.hasPut()).as("put %s-%d answered %s", prefix, i, put).isTrue();
        }
    }

    private void awaitReplicaHas(long nodeId, String prefix, int from, int to) {
        await("node " + nodeId + " has " + prefix + " keys").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250)).ignoreExceptions().untilAsserted(() -> {
                    for (int i = from; i < to; i++) {
                        String k = prefix + "-" + i;
                        assertThat(value(clients.get(nodeId).get(SHARD, key(SHARD, k), true))).isEqualTo(k);
                    }
                });
    }

    /** Waits for the node to hold a snapshot of shard 1 above {@code index}, returns its index. */
    private long awaitSnapshotAbove(long nodeId, long index) {
        Path snapshots = processes.dataDir(nodeId).resolve("shard-" + SHARD).resolve("snapshot");
        long[] found = new long[1];
        await("snapshot above " + index + " on node " + nodeId).atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200)).until(() -> {
                    found[0] = latestSnapshot(snapshots);
                    return found[0] > index;
                });
        return found[0];
    }

    private static long latestSnapshot(Path snapshots) {
        if (!Files.isDirectory(snapshots)) {
            return 0;
        }
        try (Stream<Path> entries = Files.list(snapshots)) {
            return entries.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("snapshot_"))
                    .mapToLong(n -> Long.parseLong(n.substring("snapshot_".length()))).max().orElse(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String value(ShardResponse response) {
        assertThat(response.getRange().getKvsList()).as("range answer %s", response).hasSize(1);
        return response.getRange().getKvs(0).getValue().toStringUtf8();
    }
}
