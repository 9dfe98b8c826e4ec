package io.cairn.node;

import static io.cairn.node.ClusterSpec.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cairn.api.etcdserverpb.RangeRequest;
import io.cairn.api.meta.ShardEpoch;
import io.cairn.api.meta.ShardStats;
import io.cairn.api.shard.KvErrorCode;
import io.cairn.api.shard.ShardCompactRequest;
import io.cairn.api.shard.ShardError;
import io.cairn.api.shard.ShardResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One store node hosting four single-replica shards, in this JVM. */
class StoreNodeMultiShardTest {
    private static final int SHARDS = 4;

    @TempDir
    Path dir;
    private final ClusterSpec spec = ClusterSpec.create(1, SHARDS, 1000, 3600);
    private final StaticPlacement placement = spec.placement();
    private StoreNode node;
    private NodeClient client;

    @BeforeEach
    void start() {
        node = spec.startNode(1, dir, placement);
        client = new NodeClient(node.rpcAddress());
        awaitLeaders();
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (node != null) {
            node.close();
        }
    }

    private void awaitLeaders() {
        await("every shard has a leader").atMost(Duration.ofSeconds(30)).until(() ->
                client.status().getShardsList().stream().filter(ShardStats::getLeader).count() == SHARDS);
    }

    @Test
    void writesAndReadsReachEveryShardWithIncreasingRevisions() {
        List<Long> revisions = new ArrayList<>();
        for (long shard = 1; shard <= SHARDS; shard++) {
            for (int i = 0; i < 3; i++) {
                ShardResponse put = client.put(shard, key(shard, "k" + i), "v" + shard + "-" + i);
                assertThat(put.hasPut()).as("put answer %s", put).isTrue();
                assertThat(put.getPut().getHeader().getMemberId()).isEqualTo(node.nodeId());
                assertThat(put.getPut().getHeader().getRaftTerm()).isPositive();
                revisions.add(put.getPut().getHeader().getRevision());
            }
        }
        assertThat(revisions).isSorted().doesNotHaveDuplicates();
        assertThat(node.nodeId()).isEqualTo(1);

        for (long shard = 1; shard <= SHARDS; shard++) {
            for (boolean serializable : new boolean[] {false, true}) {
                assertThat(value(client.get(shard, key(shard, "k1"), serializable))).isEqualTo("v" + shard + "-1");
            }
        }
    }

    @Test
    void readAtARevisionSeesTheWritesBelowIt() {
        long first = client.put(2, key(2, "a"), "one").getPut().getHeader().getRevision();
        long second = client.put(2, key(2, "a"), "two").getPut().getHeader().getRevision();

        assertThat(value(client.range(2, RangeRequest.newBuilder().setKey(key(2, "a")).setRevision(first).build())))
                .isEqualTo("one");
        assertThat(value(client.range(2, RangeRequest.newBuilder().setKey(key(2, "a")).setRevision(second).build())))
                .isEqualTo("two");
    }

    @Test
    void aReadAtAnOracleRevisionWaitsForTheWritesThatTookRevisionsBeforeIt() throws Exception {
        // Writes take their revisions now but learn them 300 ms later: a read at a newer
        // revision that did not wait for them would miss them.
        placement.delayRevisions(Duration.ofMillis(300));
        long callsBefore = placement.revisionCalls();
        List<Future<ShardResponse>> puts = new ArrayList<>();
        try (ExecutorService writers = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < 16; i++) {
                String k = "w" + i;
                puts.add(writers.submit(() -> client.put(1, key(1, k), k)));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> placement.revisionCalls() > callsBefore);
            long cut = placement.revisionNow();
            ShardResponse atCut = client.range(1, RangeRequest.newBuilder().setKey(key(1, "w"))
                    .setRangeEnd(key(1, "x")).setRevision(cut).build());
            for (Future<ShardResponse> put : puts) {
                assertThat(put.get().hasPut()).isTrue();
            }

            ShardResponse latest = client.range(1, RangeRequest.newBuilder().setKey(key(1, "w"))
                    .setRangeEnd(key(1, "x")).build());
            List<String> writtenAtOrBelowCut = latest.getRange().getKvsList().stream()
                    .filter(kv -> kv.getModRevision() <= cut).map(kv -> kv.getKey().toStringUtf8()).toList();
            assertThat(writtenAtOrBelowCut).isNotEmpty();
            assertThat(atCut.getRange().getKvsList()).extracting(kv -> kv.getKey().toStringUtf8())
                    .containsExactlyElementsOf(writtenAtOrBelowCut);
        } finally {
            placement.delayRevisions(Duration.ZERO);
        }
    }

    @Test
    void compactionIsReplicatedAndOldRevisionsAreGone() {
        long first = client.put(3, key(3, "c"), "one").getPut().getHeader().getRevision();
        long second = client.put(3, key(3, "c"), "two").getPut().getHeader().getRevision();

        ShardResponse compact = client.execute(NodeClient.request(3).setCompact(ShardCompactRequest.newBuilder()
                .setRevision(second).setKey(ClusterSpec.tenantPrefix(3)).setRangeEnd(ClusterSpec.tenantPrefix(4)))
                .build());
        assertThat(compact.hasCompact()).as("compact answer %s", compact).isTrue();
        assertThat(compact.getCompact().getHeader().getRevision()).isEqualTo(second);

        ShardResponse old = client.range(3, RangeRequest.newBuilder().setKey(key(3, "c")).setRevision(first).build());
        assertThat(old.getError().getKvError().getCode()).isEqualTo(KvErrorCode.COMPACTED);
        assertThat(value(client.get(3, key(3, "c"), false))).isEqualTo("two");
    }

    @Test
    void requestsForAnotherRangeOrEpochOrShardAreRefusedWithRecoveryInfo() {
        ShardResponse wrongKey = client.put(1, key(2, "x"), "v");
        assertThat(wrongKey.getError().getKindCase()).isEqualTo(ShardError.KindCase.EPOCH_NOT_MATCH);
        assertThat(wrongKey.getError().getEpochNotMatch().getCurrentShardsList()).singleElement()
                .satisfies(s -> assertThat(s.getId()).isEqualTo(1));

        var staleEpoch = NodeClient.request(1).setPut(io.cairn.api.etcdserverpb.PutRequest.newBuilder()
                .setKey(key(1, "x")));
        staleEpoch.getContextBuilder().setEpoch(ShardEpoch.newBuilder().setConfVer(1).setVersion(7));
        assertThat(client.execute(staleEpoch.build()).getError().getKindCase())
                .isEqualTo(ShardError.KindCase.EPOCH_NOT_MATCH);

        ShardResponse unknown = client.put(99, key(99, "x"), "v");
        assertThat(unknown.getError().getShardNotFound().getShardId()).isEqualTo(99);
    }

    @Test
    void heartbeatsReportEveryReplica() {
        client.put(3, key(3, "hb"), "v");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            var heartbeat = placement.lastHeartbeat(1);
            assertThat(heartbeat).isNotNull();
            assertThat(heartbeat.getShardsList()).hasSize(SHARDS).allSatisfy(s -> {
                assertThat(s.getLeader()).isTrue();
                assertThat(s.getLeaderNodeId()).isEqualTo(1);
                assertThat(s.getTerm()).isPositive();
            });
            assertThat(heartbeat.getShardsList()).filteredOn(s -> s.getShardId() == 3)
                    .singleElement().satisfies(s -> assertThat(s.getLastRevision()).isPositive());
        });
        assertThat(client.status().getDbSizeBytes()).isPositive();
    }

    @Test
    void restartKeepsTheNodeIdAndTheData() throws Exception {
        long revision = client.put(4, key(4, "durable"), "yes").getPut().getHeader().getRevision();
        client.close();
        node.close();
        assertThat(Files.readString(dir.resolve("node-id")).strip()).isEqualTo("1");

        node = spec.startNode(1, dir, placement);
        client = new NodeClient(node.rpcAddress());
        awaitLeaders();
        ShardResponse get = client.get(4, key(4, "durable"), false);
        assertThat(value(get)).isEqualTo("yes");
        assertThat(get.getRange().getKvs(0).getModRevision()).isEqualTo(revision);
        assertThat(client.put(4, key(4, "after"), "restart").getPut().getHeader().getRevision()).isGreaterThan(revision);
    }

    private static String value(ShardResponse response) {
        assertThat(response.getRange().getKvsList()).as("range answer %s", response).hasSize(1);
        return response.getRange().getKvs(0).getValue().toStringUtf8();
    }
}
