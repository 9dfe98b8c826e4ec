package io.cairn.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.controlplane.admin.KeyText;
import io.cairn.testkit.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The admin REST API on a real gateway in front of a fake control plane: who may call it, and its errors. */
class AdminRestTest {
    private static final String TOKEN = "the-cluster-token";
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final AdminFakePlacement placement = new AdminFakePlacement();
    private final String apiKey;
    private final Gateway gateway;
    private final Gateway withoutAdmin;

    AdminRestTest() {
        placement.createTenant("alpha", "free");
        apiKey = placement.createApiKey("alpha", List.of(), 0).getApiKey();
        gateway = HelidonGateway.start(config(TOKEN), placement, GatewayFixture.TUNING);
        withoutAdmin = HelidonGateway.start(config(null), placement, GatewayFixture.TUNING);
    }

    private static GatewayConfig config(String adminToken) {
        return new GatewayConfig("127.0.0.1", FreePorts.next(), true, "alpha", 64 * 1024,
                GatewayConfig.DEFAULT_MAX_TXN_OPS, GatewayConfig.DEFAULT_WATCH_PROGRESS_NOTIFY_INTERVAL, adminToken);
    }

    @AfterEach
    void stop() {
        gateway.close();
        withoutAdmin.close();
    }

    @Test
    void onlyTheAdminCredentialGetsIn() throws Exception {
        assertThat(send(gateway, "GET", "/admin/v1/nodes", null, null).statusCode()).isEqualTo(401);
        assertThat(send(gateway, "GET", "/admin/v1/nodes", "Bearer wrong", null).statusCode()).isEqualTo(401);
        assertThat(send(gateway, "GET", "/admin/v1/nodes", "Bearer cairn_0000000000000000_00", null).statusCode())
                .isEqualTo(401);
        HttpResponse<String> tenant = send(gateway, "GET", "/admin/v1/nodes", "Bearer " + apiKey, null);
        assertThat(tenant.statusCode()).isEqualTo(403);
        assertThat(tenant.headers().firstValue("content-type")).hasValue("application/problem+json");
        assertThat(tenant.body()).contains(AdminCredential.DENIED_TO_TENANTS);
        assertThat(send(withoutAdmin, "GET", "/admin/v1/nodes", "Bearer " + TOKEN, null).statusCode()).isEqualTo(403);

        HttpResponse<String> nodes = send(gateway, "GET", "/admin/v1/nodes", "Bearer " + TOKEN, null);
        assertThat(nodes.statusCode()).isEqualTo(200);
        assertThat(nodes.body()).contains("\"id\":1").contains("\"state\":\"UP\"").contains("\"replicas\":1");
        assertThat(send(gateway, "GET", "/admin/v1/operators", "Bearer " + TOKEN, null).body())
                .isEqualTo("{\"running\":[],\"finished\":[]}");
    }

    @Test
    void actionsAndTheirErrors() throws Exception {
        String admin = "Bearer " + TOKEN;
        HttpResponse<String> drained = send(gateway, "POST", "/admin/v1/nodes/1/drain", admin, "");
        assertThat(drained.statusCode()).isEqualTo(200);
        assertThat(drained.body()).contains("\"state\":\"DRAINING\"");
        HttpResponse<String> busy = send(gateway, "POST", "/admin/v1/nodes/1/remove", admin, "");
        assertThat(busy.statusCode()).isEqualTo(400);
        assertThat(busy.body()).contains("\"code\":9").contains("cairn: node 1 still holds replicas of shard 3");
        assertThat(send(gateway, "POST", "/admin/v1/nodes/2/remove", admin, "").body()).contains("\"state\":\"REMOVED\"");
        assertThat(send(gateway, "POST", "/admin/v1/nodes/9/drain", admin, "").statusCode()).isEqualTo(404);
        assertThat(send(gateway, "POST", "/admin/v1/nodes/x/drain", admin, "").body()).contains("bad node id 'x'");
        assertThat(send(gateway, "POST", "/admin/v1/nodes/0/remove", admin, "").statusCode()).isEqualTo(400);

        assertThat(send(gateway, "POST", "/admin/v1/shards/3/transfer-leader", admin, "{\"target\": 2}").body())
                .contains("\"kind\":\"ADMIN_TRANSFER_LEADER\"");
        assertThat(send(gateway, "POST", "/admin/v1/shards/7/transfer-leader", admin, "{\"target\": 2}").statusCode())
                .isEqualTo(409);
        assertThat(send(gateway, "POST", "/admin/v1/shards/3/transfer-leader", admin, "").body())
                .contains("{\\\"target\\\": <node id>}");
        assertThat(send(gateway, "POST", "/admin/v1/shards/3/transfer-leader", admin, "[1]").statusCode()).isEqualTo(400);
        assertThat(send(gateway, "POST", "/admin/v1/shards/3/split", admin, "{oops").body()).contains("not valid JSON");

        assertThat(send(gateway, "POST", "/admin/v1/shards/3/split", admin, "").statusCode()).isEqualTo(200);
        assertThat(send(gateway, "POST", "/admin/v1/shards/3/split", admin, "{\"key\": \"t2/m\\\\x00\"}").statusCode())
                .isEqualTo(200);
        assertThat(placement.splitKeys).containsExactly(com.google.protobuf.ByteString.EMPTY, KeyText.parse("t2/m\\x00"));
        assertThat(send(gateway, "POST", "/admin/v1/shards/3/split", admin, "{\"key\": 5}").statusCode()).isEqualTo(400);
        assertThat(send(gateway, "DELETE", "/admin/v1/nodes/1", admin, null).statusCode()).isEqualTo(404);
    }

    private HttpResponse<String> send(Gateway target, String method, String path, String authorization, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + target.port() + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
