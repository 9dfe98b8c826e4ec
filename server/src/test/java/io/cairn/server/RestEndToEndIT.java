package io.cairn.server;

import static io.cairn.server.Rest.b64;
import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.testkit.CairnDevProcess;
import io.cairn.testkit.Etcdctl;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** etcd's JSON gateway routes and the plain /v1/kv routes against a real {@code cairn dev}. */
class RestEndToEndIT {
    @TempDir
    static Path tmp;
    static CairnDevProcess dev;
    static Rest rest;

    @BeforeAll
    static void start() {
        dev = CairnDevProcess.start(tmp.resolve("data"));
        rest = new Rest(dev.endpoint(), dev.apiKey());
    }

    @AfterAll
    static void stop() {
        if (dev != null) {
            dev.close();
        }
    }

    @Test
    void etcdJsonGatewayPutRangeDelete() {
        HttpResponse<String> put = rest.post("/v3/kv/put",
                "{\"key\":\"" + b64("restkv/a") + "\",\"value\":\"" + b64("alpha") + "\"}");
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        assertThat(put.body()).contains("\"header\"", "\"revision\"");
        rest.post("/v3/kv/put", "{\"key\":\"" + b64("restkv/b") + "\",\"value\":\"" + b64("beta") + "\"}");

        HttpResponse<String> range = rest.post("/v3/kv/range",
                "{\"key\":\"" + b64("restkv/") + "\",\"range_end\":\"" + b64("restkv0") + "\"}");
        assertThat(range.statusCode()).isEqualTo(200);
        assertThat(range.body()).contains(b64("restkv/a"), b64("alpha"), b64("restkv/b"), "\"count\":\"2\"");

        HttpResponse<String> del = rest.post("/v3/kv/deleterange", "{\"key\":\"" + b64("restkv/a") + "\"}");
        assertThat(del.statusCode()).isEqualTo(200);
        assertThat(del.body()).contains("\"deleted\":\"1\"");
    }

    @Test
    void etcdJsonGatewayTxnCreateIfAbsent() {
        String txn = "{\"compare\":[{\"target\":\"CREATE\",\"key\":\"" + b64("rest/lock")
                + "\",\"create_revision\":\"0\"}],\"success\":[{\"request_put\":{\"key\":\"" + b64("rest/lock")
                + "\",\"value\":\"" + b64("me") + "\"}}],\"failure\":[{\"request_range\":{\"key\":\""
                + b64("rest/lock") + "\"}}]}";
        HttpResponse<String> first = rest.post("/v3/kv/txn", txn);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(first.body()).contains("\"succeeded\":true");
        HttpResponse<String> second = rest.post("/v3/kv/txn", txn);
        assertThat(second.body()).doesNotContain("\"succeeded\":true").contains(b64("me"));
    }

    @Test
    void plainKvRoutes() {
        assertThat(rest.put("/v1/kv/config/db-url", "postgres://db:5432").statusCode()).isEqualTo(200);
        HttpResponse<String> got = rest.get("/v1/kv/config/db-url");
        assertThat(got.statusCode()).isEqualTo(200);
        assertThat(got.body()).isEqualTo("postgres://db:5432");
        assertThat(new Etcdctl(dev.endpoint()).run("get", "config/db-url", "--print-value-only").stdout())
                .isEqualTo("postgres://db:5432\n");
        assertThat(rest.delete("/v1/kv/config/db-url").statusCode()).isEqualTo(200);
        assertThat(rest.get("/v1/kv/config/db-url").statusCode()).isEqualTo(404);
    }

    @Test
    void malformedJsonAndBase64AreClearClientErrors() {
        HttpResponse<String> badJson = rest.post("/v3/kv/put", "{\"key\": ");
        assertThat(badJson.statusCode()).isEqualTo(400);
        assertThat(badJson.body()).isNotBlank();
        HttpResponse<String> badB64 = rest.post("/v3/kv/put", "{\"key\":\"%%%not-base64%%%\",\"value\":\"\"}");
        assertThat(badB64.statusCode()).isEqualTo(400);
        HttpResponse<String> emptyKey = rest.post("/v3/kv/put", "{\"value\":\"" + b64("x") + "\"}");
        assertThat(emptyKey.statusCode()).isEqualTo(400);
        assertThat(emptyKey.body()).contains("key is not provided");
        assertThat(rest.put("/v1/kv/still-up", "yes").statusCode()).isEqualTo(200);
    }
}
