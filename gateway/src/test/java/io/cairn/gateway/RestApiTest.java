package io.cairn.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** etcd's JSON gateway shapes under /v3 and the plain /v1 API, on the gRPC port. */
class RestApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static GatewayFixture fx;
    private static String auth;

    @BeforeAll
    static void start() {
        fx = new GatewayFixture(false, 1);
        auth = "Bearer " + fx.alphaKey;
    }

    @AfterAll
    static void stop() throws InterruptedException {
        fx.close();
    }

    @AfterEach
    void noViolations() {
        assertThat(fx.cluster.violations).isEmpty();
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static JsonNode ok(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    @Test
    void v3PutRangeTxnDeleteAndCompaction() throws Exception {
        JsonNode put = ok(fx.post("/v3/kv/put", "{\"key\":\"" + b64("/r/a") + "\",\"value\":\"" + b64("1") + "\"}", auth));
        assertThat(put.at("/header/revision").isTextual()).isTrue(); // int64 as string, like grpc-gateway
        assertThat(put.at("/header/member_id").asText()).isNotEmpty();

        JsonNode range = ok(fx.post("/v3/kv/range", "{\"key\":\"" + b64("/r/") + "\",\"range_end\":\"" + b64("/r0")
                + "\"}", auth));
        assertThat(range.at("/kvs/0/key").asText()).isEqualTo(b64("/r/a"));
        assertThat(range.at("/kvs/0/value").asText()).isEqualTo(b64("1"));
        assertThat(range.at("/count").asText()).isEqualTo("1");

        JsonNode txn = ok(fx.post("/v3/kv/txn", "{\"compare\":[{\"key\":\"" + b64("/r/a") + "\",\"target\":\"VALUE\","
                + "\"result\":\"EQUAL\",\"value\":\"" + b64("1") + "\"}],\"success\":[{\"request_put\":{\"key\":\""
                + b64("/r/a") + "\",\"value\":\"" + b64("2") + "\",\"prev_kv\":true}}]}", auth));
        assertThat(txn.at("/succeeded").asBoolean()).isTrue();
        assertThat(txn.at("/responses/0/response_put/prev_kv/key").asText()).isEqualTo(b64("/r/a"));

        JsonNode deleted = ok(fx.post("/v3/kv/deleterange", "{\"key\":\"" + b64("/r/a") + "\"}", auth));
        assertThat(deleted.at("/deleted").asText()).isEqualTo("1");

        JsonNode compaction = ok(fx.post("/v3/kv/compaction", "{\"revision\":\"1\"}", auth));
        assertThat(compaction.has("header")).isTrue();
    }

    @Test
    void v1PutGetListDelete() throws Exception {
        HttpResponse<String> put = fx.send(HttpRequest.newBuilder(fx.uri("/v1/kv/app%2Fcolor"))
                .header("Authorization", auth).PUT(HttpRequest.BodyPublishers.ofString("blue")).build());
        assertThat(ok(put).at("/revision").asLong()).isPositive();
        fx.send(HttpRequest.newBuilder(fx.uri("/v1/kv/app/size"))
                .header("Authorization", auth).PUT(HttpRequest.BodyPublishers.ofString("L")).build());

        HttpResponse<String> get = fx.send(HttpRequest.newBuilder(fx.uri("/v1/kv/app/color"))
                .header("Authorization", auth).GET().build());
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(get.body()).isEqualTo("blue");
        assertThat(get.headers().firstValue("X-Cairn-Version")).hasValue("1");
        assertThat(get.headers().firstValue(PlainKvService.REVISION)).isPresent();

        JsonNode list = ok(fx.send(HttpRequest.newBuilder(fx.uri("/v1/kv/app/?prefix=true"))
                .header("Authorization", auth).GET().build()));
        assertThat(list.isArray()).isTrue();
        assertThat(list).extracting(n -> n.get("key").asText()).containsExactly("app/color", "app/size");

        JsonNode deleted = ok(fx.send(HttpRequest.newBuilder(fx.uri("/v1/kv/app/?prefix=true"))
                .header("Authorization", auth).DELETE().build()));
        assertThat(deleted.get("deleted").asLong()).isEqualTo(2);

        HttpResponse<String> missing = fx.send(HttpRequest.newBuilder(fx.uri("/v1/kv/app/color"))
                .header("Authorization", auth).GET().build());
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("content-type")).hasValue("application/problem+json");
    }
}
