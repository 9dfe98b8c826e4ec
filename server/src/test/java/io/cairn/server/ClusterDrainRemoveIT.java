package io.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.testkit.CairnCluster;
import io.cairn.testkit.CommandRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Taking a store node out of a running 4-node cluster while clients write through the gateway:
 * {@code cairn ctl drain} until it holds nothing, {@code cairn ctl remove}, stop it; every
 * acknowledged write reads back; {@code ctl nodes/shards} and the admin REST API show the change,
 * and the admin REST API refuses tenants (403) and strangers (401).
 */
@Timeout(900)
class ClusterDrainRemoveIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CTL = Duration.ofSeconds(60);
    private static final int WRITERS = 2;
    private static final int MAX_WRITES_PER_WRITER = 20_000;

    @TempDir
    Path tmp;

    @Test
    void drainRemoveAndStopANodeUnderWritesLosesNothing() throws Exception {
        try (CairnCluster cluster = CairnCluster.start(tmp.resolve("cluster"), 4, "--shards", "4")) {
            String endpoint = cluster.gatewayEndpoints().getFirst();
            Map<String, String> acked = new ConcurrentHashMap<>();
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger failed = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
            List<Future<?>> writers = new ArrayList<>();
            try {
                for (int w = 0; w < WRITERS; w++) {
                    int writer = w;
                    writers.add(pool.submit(() -> write(new Rest(endpoint, cluster.apiKey()), writer, acked, stop, failed)));
                }
                Awaitility.await("first acknowledged writes").atMost(Duration.ofSeconds(120))
                        .until(() -> acked.size() >= 20);

                // the victim and another node that both hold replicas (the fourth node to start may hold none yet)
                List<JsonNode> holding = new ArrayList<>();
                JSON.readTree(ctlJson(cluster, "nodes")).get("nodes").forEach(n -> {
                    if (n.get("replicas").asInt() > 0) {
                        holding.add(n);
                    }
                });
                assertThat(holding).hasSizeGreaterThanOrEqualTo(3);
                long victim = holding.getLast().get("id").asLong();
                long other = holding.getFirst().get("id").asLong();
                String victimName = cluster.members("node").stream()
                        .filter(m -> m.address("rpc").equals(holding.getLast().get("rpcAddress").asText()))
                        .findFirst().orElseThrow().name();
                CommandRun early = cluster.cairnCtl(CTL, "remove", Long.toString(victim));
                assertThat(early.exitCode()).as(early.output()).isEqualTo(1);
                assertThat(early.output()).contains("node " + victim + " still holds replicas of shard");

                CommandRun drain = cluster.cairnCtl(Duration.ofSeconds(150), "drain", Long.toString(victim),
                        "--timeout-secs", "120");
                assertThat(drain.exitCode()).as(drain.output()).isZero();
                assertThat(drain.output()).contains("node " + victim + " is draining")
                        .contains("node " + victim + " holds no replicas");
                assertThat(shardsOn(cluster, victim)).isZero();

                CommandRun remove = cluster.cairnCtl(CTL, "remove", Long.toString(victim));
                assertThat(remove.exitCode()).as(remove.output()).isZero();
                assertThat(remove.output()).contains("node " + victim + " removed from the cluster").contains("REMOVED");
                int before = acked.size();
                // a removed node stops on its own, as a removed etcd member does, and its old data
                // dir cannot bring it back (ids are never reused)
                assertThat(cluster.awaitExit(victimName, Duration.ofSeconds(60))).as(victimName + " stops itself").isTrue();
                assertThat(Files.readString(cluster.member(victimName).log()))
                        .contains("node " + victim + " was removed from the cluster");
                assertThatThrownBy(() -> cluster.restart(victimName))
                        .hasMessageContaining("failed to start: node " + victim + " was removed from the cluster");
                assertThat(cluster.isRunning(victimName)).isFalse();
                Awaitility.await("writes after the node stopped").atMost(Duration.ofSeconds(120))
                        .until(() -> acked.size() >= before + 50);
                stop.set(true);
                for (Future<?> writer : writers) {
                    writer.get(30, TimeUnit.SECONDS);
                }

                Rest reader = new Rest(endpoint, cluster.apiKey());
                for (Map.Entry<String, String> write : acked.entrySet()) {
                    HttpResponse<String> read = reader.get("/v1/kv/" + write.getKey());
                    assertThat(read.statusCode()).as(write.getKey()).isEqualTo(200);
                    assertThat(read.body()).as(write.getKey()).isEqualTo(write.getValue());
                }

                CommandRun nodes = cluster.cairnCtl(CTL, "nodes");
                assertThat(nodes.exitCode()).as(nodes.output()).isZero();
                assertThat(nodes.output().lines()).anyMatch(l -> l.matches(victim + "\\s+REMOVED\\s+0\\s+0\\s.*"));
                JsonNode shards = JSON.readTree(ctlJson(cluster, "shards"));
                assertThat(shards.get("shards")).isNotEmpty().allSatisfy(s -> {
                    assertThat(s.get("replicas")).hasSize(3).noneMatch(r -> r.get("nodeId").asLong() == victim);
                    assertThat(s.get("leader").asLong()).isNotIn(0L, victim);
                });
                assertThat(cluster.cairnCtl(CTL, "shards").output()).contains("RAFT INDEX").contains("route version");

                checkAdminRest(endpoint, cluster, victim, other);
                System.out.printf("ClusterDrainRemoveIT: %d acknowledged writes read back, %d writes not acknowledged%n",
                        acked.size(), failed.get());
            } finally {
                stop.set(true);
                pool.shutdownNow();
            }
        }
    }

    private static void checkAdminRest(String endpoint, CairnCluster cluster, long removed, long busy) throws IOException {
        Rest admin = new Rest(endpoint, cluster.clusterToken());
        assertThat(new Rest(endpoint, null).get("/admin/v1/nodes").statusCode()).isEqualTo(401);
        HttpResponse<String> tenant = new Rest(endpoint, cluster.apiKey()).get("/admin/v1/nodes");
        assertThat(tenant.statusCode()).isEqualTo(403);
        assertThat(tenant.body()).contains("admin credential");
        assertThat(new Rest(endpoint, "not-the-token").get("/admin/v1/shards").statusCode()).isEqualTo(401);

        HttpResponse<String> nodes = admin.get("/admin/v1/nodes");
        assertThat(nodes.statusCode()).isEqualTo(200);
        JsonNode victim = find(JSON.readTree(nodes.body()).get("nodes"), "id", removed);
        assertThat(victim.get("state").asText()).isEqualTo("REMOVED");
        assertThat(victim.get("replicas").asInt()).isZero();

        HttpResponse<String> shards = admin.get("/admin/v1/shards");
        assertThat(shards.statusCode()).isEqualTo(200);
        JsonNode first = JSON.readTree(shards.body()).get("shards").get(0);
        assertThat(first.fieldNames()).toIterable().contains("start", "end", "tenants", "confVer", "version",
                "replicas", "leader", "term", "raftIndex", "appliedIndex", "sizeBytes", "keys");

        HttpResponse<String> operators = admin.get("/admin/v1/operators");
        assertThat(operators.statusCode()).isEqualTo(200);
        assertThat(operators.body()).contains("DRAIN_REPLICA");

        assertThat(admin.post("/admin/v1/nodes/abc/drain", "").statusCode()).isEqualTo(400);
        assertThat(admin.post("/admin/v1/nodes/9999/drain", "").statusCode()).isEqualTo(404);
        HttpResponse<String> stillBusy = admin.post("/admin/v1/nodes/" + busy + "/remove", "");
        assertThat(stillBusy.statusCode()).isEqualTo(400);
        assertThat(stillBusy.body()).contains("still holds replicas");
        assertThat(admin.post("/admin/v1/shards/1/transfer-leader", "{\"target\": \"x\"}").statusCode()).isEqualTo(400);
        assertThat(admin.post("/admin/v1/shards/1/split", "{not json").statusCode()).isEqualTo(400);
        assertThat(admin.post("/admin/v1/shards/1/split", "{\"key\": \"no-tenant\"}").body())
                .contains("expected t<tenant id>/<key>");
    }

    /** Puts w-WRITER-I = value-I through the gateway until stopped; records what the gateway acknowledged. */
    private static Void write(Rest rest, int writer, Map<String, String> acked, AtomicBoolean stop, AtomicInteger failed) {
        for (int i = 0; i < MAX_WRITES_PER_WRITER && !stop.get(); i++) {
            String key = "w-" + writer + "-" + i;
            String value = "value-" + i;
            try {
                if (rest.put("/v1/kv/" + key, value).statusCode() == 200) {
                    acked.put(key, value);
                } else {
                    failed.incrementAndGet();
                }
            } catch (UncheckedIOException e) {
                failed.incrementAndGet();
            }
        }
        return null;
    }

    private static int shardsOn(CairnCluster cluster, long nodeId) throws IOException {
        return find(JSON.readTree(ctlJson(cluster, "nodes")).get("nodes"), "id", nodeId).get("replicas").asInt();
    }

    private static String ctlJson(CairnCluster cluster, String verb) {
        CommandRun run = cluster.cairnCtl(CTL, verb, "-o", "json");
        assertThat(run.exitCode()).as(run.output()).isZero();
        return run.output().substring(run.output().indexOf('{'));
    }

    private static JsonNode find(JsonNode array, String field, Object value) {
        for (JsonNode item : array) {
            if (item.get(field).asText().equals(String.valueOf(value))) {
                return item;
            }
        }
        throw new AssertionError("no " + field + "=" + value + " in " + array);
    }
}
