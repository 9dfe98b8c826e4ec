package io.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.testkit.CairnDevProcess;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * etcd's JSON gateway paths for locks and elections ({@code /v3/lock/*}, {@code /v3/election/*})
 * on a real {@code cairn dev}, with plain HTTP calls shaped like curl's against etcd.
 */
class LockElectionRestIT {
    static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path tmp;
    static CairnDevProcess dev;
    static Rest rest;

    @BeforeAll
    static void start() {
        dev = CairnDevProcess.start(tmp.resolve("data"));
        rest = new Rest(dev.endpoint(), null);
    }

    @AfterAll
    static void stop() {
        if (dev != null) {
            dev.close();
        }
    }

    static JsonNode ok(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as("answer %s", response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    static String text(JsonNode base64) {
        return new String(Base64.getDecoder().decode(base64.asText()), StandardCharsets.UTF_8);
    }

    static int keysUnder(String prefix) throws Exception {
        JsonNode range = ok(rest.post("/v3/kv/range", "{\"key\":\"" + Rest.b64(prefix) + "\",\"range_end\":\""
                + Rest.b64(prefix.substring(0, prefix.length() - 1) + (char) (prefix.charAt(prefix.length() - 1) + 1))
                + "\",\"count_only\":true}"));
        return range.path("count").asInt(0);
    }

    @Test
    void lockWaitsForTheHolderAndUnlockReleasesIt() throws Exception {
        JsonNode first = ok(rest.post("/v3/lock/lock", "{\"name\":\"" + Rest.b64("rl/one") + "\"}"));
        String firstKey = first.get("key").asText();
        assertThat(text(first.get("key"))).startsWith("rl/one/");
        long firstRevision = first.get("header").get("revision").asLong();

        CompletableFuture<HttpResponse<String>> second = CompletableFuture.supplyAsync(() ->
                new Rest(dev.endpoint(), null).post("/v3/lock/lock", "{\"name\":\"" + Rest.b64("rl/one") + "\"}"));
        await("the second contender queued").atMost(20, TimeUnit.SECONDS).until(() -> keysUnder("rl/one/") == 2);
        assertThat(second).as("held by the first").isNotDone();

        ok(rest.post("/v3/lock/unlock", "{\"key\":\"" + firstKey + "\"}"));
        JsonNode got = ok(second.get(20, TimeUnit.SECONDS));
        assertThat(got.get("key").asText()).isNotEqualTo(firstKey);
        assertThat(got.get("header").get("revision").asLong()).as("fencing token grows").isGreaterThan(firstRevision);
        ok(rest.post("/v3/lock/unlock", "{\"key\":\"" + got.get("key").asText() + "\"}"));
        assertThat(keysUnder("rl/one/")).isZero();
    }

    @Test
    void lockWithAMissingLeaseIsRefusedAsEtcdDoes() throws Exception {
        HttpResponse<String> refused = rest.post("/v3/lock/lock",
                "{\"name\":\"" + Rest.b64("rl/nolease") + "\",\"lease\":\"12345\"}");
        assertThat(refused.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(refused.body()).get("error").asText()).isEqualTo("etcdserver: requested lease not found");
        assertThat(keysUnder("rl/nolease/")).isZero();
    }

    @Test
    void campaignProclaimLeaderObserveResign() throws Exception {
        JsonNode granted = ok(rest.post("/v3/lease/grant", "{\"TTL\":\"30\"}"));
        String lease = granted.get("ID").asText();
        JsonNode campaign = ok(rest.post("/v3/election/campaign", "{\"name\":\"" + Rest.b64("re/e") + "\",\"lease\":\""
                + lease + "\",\"value\":\"" + Rest.b64("v1") + "\"}"));
        JsonNode leader = campaign.get("leader");
        assertThat(text(leader.get("name"))).isEqualTo("re/e");
        assertThat(text(leader.get("key"))).startsWith("re/e/");
        assertThat(leader.get("lease").asText()).isEqualTo(lease);

        JsonNode now = ok(rest.post("/v3/election/leader", "{\"name\":\"" + Rest.b64("re/e") + "\"}"));
        assertThat(text(now.get("kv").get("value"))).isEqualTo("v1");

        HttpRequest observe = HttpRequest.newBuilder(URI.create("http://" + dev.endpoint() + "/v3/election/observe"))
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + Rest.b64("re/e") + "\"}")).build();
        HttpResponse<InputStream> stream = HttpClient.newHttpClient().send(observe, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(stream.statusCode()).isEqualTo(200);
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
            JsonNode firstSeen = JSON.readTree(lines.readLine()).get("result");
            assertThat(text(firstSeen.get("kv").get("value"))).isEqualTo("v1");

            ok(rest.post("/v3/election/proclaim", "{\"leader\":" + leader + ",\"value\":\"" + Rest.b64("v2") + "\"}"));
            JsonNode next = JSON.readTree(lines.readLine()).get("result");
            assertThat(text(next.get("kv").get("value"))).isEqualTo("v2");
            assertThat(text(next.get("kv").get("key"))).isEqualTo(text(leader.get("key")));
        }
        assertThat(text(ok(rest.post("/v3/election/leader", "{\"name\":\"" + Rest.b64("re/e") + "\"}"))
                .get("kv").get("value"))).isEqualTo("v2");

        ok(rest.post("/v3/election/resign", "{\"leader\":" + leader + "}"));
        HttpResponse<String> none = rest.post("/v3/election/leader", "{\"name\":\"" + Rest.b64("re/e") + "\"}");
        assertThat(none.statusCode()).isEqualTo(500);
        assertThat(JSON.readTree(none.body()).get("error").asText()).isEqualTo("election: no leader");
        HttpResponse<String> stale = rest.post("/v3/election/proclaim",
                "{\"leader\":" + leader + ",\"value\":\"" + Rest.b64("v3") + "\"}");
        assertThat(JSON.readTree(stale.body()).get("error").asText()).isEqualTo("election: not leader");
        HttpResponse<String> missing = rest.post("/v3/election/resign", "{}");
        assertThat(JSON.readTree(missing.body()).get("error").asText()).isEqualTo("\"leader\" field must be provided");
    }
}
