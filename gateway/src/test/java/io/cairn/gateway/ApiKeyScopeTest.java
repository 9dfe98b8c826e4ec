package io.cairn.gateway;

import static io.cairn.gateway.GatewayFixture.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.api.etcdserverpb.Compare;
import io.cairn.api.etcdserverpb.LeaseGrantRequest;
import io.cairn.api.etcdserverpb.LeaseGrpc;
import io.cairn.api.etcdserverpb.PutRequest;
import io.cairn.api.etcdserverpb.RangeRequest;
import io.cairn.api.etcdserverpb.RequestOp;
import io.cairn.api.etcdserverpb.TxnRequest;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import java.net.http.HttpRequest;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** API keys limited to {@code read} or {@code write}: every route honours the key's scopes. */
class ApiKeyScopeTest {
    private static GatewayFixture fx;
    private static String readOnly;
    private static String writeOnly;

    @BeforeAll
    static void start() {
        fx = new GatewayFixture(false, 1);
        readOnly = fx.cluster.placement().createApiKey("alpha", List.of("read"), 0).getApiKey();
        writeOnly = fx.cluster.placement().createApiKey("alpha", List.of("write"), 0).getApiKey();
        fx.put(fx.alphaKey, "cfg", "v1");
    }

    @AfterAll
    static void stop() throws InterruptedException {
        fx.close();
    }

    private static void assertDenied(Runnable call) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
            assertThat(e.getStatus().getDescription()).isEqualTo("etcdserver: permission denied");
        });
    }

    private static PutRequest put(String key, String value) {
        return PutRequest.newBuilder().setKey(bytes(key)).setValue(bytes(value)).build();
    }

    @Test
    void aReadOnlyKeyReadsButCannotWriteAndItsConnectionSurvivesTheRefusals() {
        var kv = fx.kv(readOnly);
        for (int i = 0; i < 3; i++) { // refusals must not break the connection for the next call
            assertThat(kv.range(RangeRequest.newBuilder().setKey(bytes("cfg")).build()).getKvsCount()).isEqualTo(1);
            assertDenied(() -> kv.put(put("cfg", "v2")));
        }
        TxnRequest readTxn = TxnRequest.newBuilder()
                .addCompare(Compare.newBuilder().setKey(bytes("cfg")).setTarget(Compare.CompareTarget.VERSION)
                        .setResult(Compare.CompareResult.GREATER).setVersion(0))
                .addSuccess(RequestOp.newBuilder().setRequestRange(RangeRequest.newBuilder().setKey(bytes("cfg"))))
                .build();
        assertThat(kv.txn(readTxn).getSucceeded()).isTrue();
        TxnRequest nestedWrite = readTxn.toBuilder().addFailure(RequestOp.newBuilder().setRequestTxn(
                TxnRequest.newBuilder().addSuccess(RequestOp.newBuilder().setRequestPut(put("cfg", "v3"))))).build();
        assertDenied(() -> kv.txn(nestedWrite));
        var leases = LeaseGrpc.newBlockingStub(fx.channel()).withInterceptors(
                MetadataUtils.newAttachHeadersInterceptor(bearer(readOnly)));
        assertDenied(() -> leases.leaseGrant(LeaseGrantRequest.newBuilder().setTTL(10).build()));
        assertThat(fx.get(fx.alphaKey, "cfg")).isEqualTo("v1");
    }

    @Test
    void aWriteOnlyKeyWritesButCannotRead() {
        var kv = fx.kv(writeOnly);
        kv.put(put("w", "x"));
        assertDenied(() -> kv.range(RangeRequest.newBuilder().setKey(bytes("w")).build()));
        assertThat(fx.get(fx.alphaKey, "w")).isEqualTo("x");
    }

    @Test
    void restRoutesHonourScopesToo() {
        String auth = "Bearer " + readOnly;
        assertThat(fx.post("/v3/kv/range", "{\"key\":\"Y2Zn\"}", auth).statusCode()).isEqualTo(200);
        var refused = fx.post("/v3/kv/put", "{\"key\":\"Y2Zn\",\"value\":\"eA==\"}", auth);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("etcdserver: permission denied");
        assertThat(fx.send(HttpRequest.newBuilder(fx.uri("/v1/kv/cfg")).header("Authorization", auth).GET().build())
                .statusCode()).isEqualTo(200);
        assertThat(fx.send(HttpRequest.newBuilder(fx.uri("/v1/kv/cfg")).header("Authorization", auth)
                .PUT(HttpRequest.BodyPublishers.ofString("v9")).build()).statusCode()).isEqualTo(403);
        assertThat(fx.send(HttpRequest.newBuilder(fx.uri("/v1/kv/cfg")).header("Authorization", auth)
                .DELETE().build()).statusCode()).isEqualTo(403);
        assertThat(fx.post("/v3/lease/grant", "{\"TTL\":5}", auth).statusCode()).isEqualTo(403);
        assertThat(fx.get(fx.alphaKey, "cfg")).isEqualTo("v1");
    }

    private static Metadata bearer(String key) {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + key);
        return headers;
    }
}
