package io.cairn.gateway;

import static io.cairn.gateway.GatewayFixture.bytes;
import static io.cairn.gateway.GatewayFixture.internal;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.cairn.api.etcdserverpb.Compare;
import io.cairn.api.etcdserverpb.DeleteRangeRequest;
import io.cairn.api.etcdserverpb.DeleteRangeResponse;
import io.cairn.api.etcdserverpb.PutRequest;
import io.cairn.api.etcdserverpb.RangeRequest;
import io.cairn.api.etcdserverpb.RequestOp;
import io.cairn.api.etcdserverpb.TxnRequest;
import io.cairn.api.etcdserverpb.TxnResponse;
import io.cairn.api.mvccpb.KeyValue;
import java.net.http.HttpRequest;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two tenants with the same user keys: every route sees and touches only its own. */
class TenantIsolationTest {
    private static final ByteString ZERO = ByteString.copyFrom(new byte[] {0});
    private static GatewayFixture fx;

    @BeforeAll
    static void start() {
        fx = new GatewayFixture(false, 1);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        fx.close();
    }

    @BeforeEach
    void seed() {
        for (String key : List.of("/app/a", "/app/b", "/other")) {
            fx.put(fx.alphaKey, key, "alpha" + key);
            fx.put(fx.betaKey, key, "beta" + key);
        }
    }

    @AfterEach
    void cleanAndCheck() {
        for (String apiKey : List.of(fx.alphaKey, fx.betaKey)) {
            fx.kv(apiKey).deleteRange(DeleteRangeRequest.newBuilder().setKey(ZERO).setRangeEnd(ZERO).build());
        }
        assertThat(fx.cluster.violations).isEmpty();
    }

    private static List<String> keys(List<KeyValue> kvs) {
        return kvs.stream().map(kv -> kv.getKey().toStringUtf8()).toList();
    }

    @Test
    void storeHoldsPrefixedKeysOnly() {
        assertThat(fx.cluster.store().keys()).containsExactlyInAnyOrder(
                internal(fx.alphaId, "/app/a"), internal(fx.alphaId, "/app/b"), internal(fx.alphaId, "/other"),
                internal(fx.betaId, "/app/a"), internal(fx.betaId, "/app/b"), internal(fx.betaId, "/other"));
    }

    @Test
    void singleKeyPrefixAndFromKeyRangesSeeOwnKeys() {
        assertThat(fx.get(fx.alphaKey, "/app/a")).isEqualTo("alpha/app/a");
        assertThat(fx.get(fx.betaKey, "/app/a")).isEqualTo("beta/app/a");

        var prefix = fx.kv(fx.betaKey).range(RangeRequest.newBuilder()
                .setKey(bytes("/app/")).setRangeEnd(bytes("/app0")).build());
        assertThat(keys(prefix.getKvsList())).containsExactly("/app/a", "/app/b");
        assertThat(prefix.getKvsList()).allSatisfy(kv -> assertThat(kv.getValue().toStringUtf8()).startsWith("beta"));

        var all = fx.kv(fx.alphaKey).range(RangeRequest.newBuilder().setKey(ZERO).setRangeEnd(ZERO).build());
        assertThat(keys(all.getKvsList())).containsExactly("/app/a", "/app/b", "/other");
        assertThat(all.getCount()).isEqualTo(3);

        var fromKey = fx.kv(fx.alphaKey).range(RangeRequest.newBuilder().setKey(bytes("/b")).setRangeEnd(ZERO).build());
        assertThat(keys(fromKey.getKvsList())).containsExactly("/other");

        var backwards = fx.kv(fx.alphaKey).range(RangeRequest.newBuilder()
                .setKey(bytes("/z")).setRangeEnd(bytes("/a")).build());
        assertThat(backwards.getKvsList()).isEmpty();
    }

    @Test
    void putPrevKvAndDeletePrevKvsAreStripped() {
        var put = fx.kv(fx.alphaKey).put(PutRequest.newBuilder().setKey(bytes("/app/a")).setValue(bytes("x"))
                .setPrevKv(true).build());
        assertThat(put.getPrevKv().getKey()).isEqualTo(bytes("/app/a"));
        assertThat(put.getPrevKv().getValue()).isEqualTo(bytes("alpha/app/a"));

        DeleteRangeResponse deleted = fx.kv(fx.betaKey).deleteRange(DeleteRangeRequest.newBuilder()
                .setKey(bytes("/app/")).setRangeEnd(bytes("/app0")).setPrevKv(true).build());
        assertThat(deleted.getDeleted()).isEqualTo(2);
        assertThat(keys(deleted.getPrevKvsList())).containsExactly("/app/a", "/app/b");
        assertThat(fx.get(fx.alphaKey, "/app/b")).isEqualTo("alpha/app/b");
    }

    @Test
    void deleteEverythingWithNulRangeEndLeavesTheOtherTenant() {
        var deleted = fx.kv(fx.alphaKey).deleteRange(DeleteRangeRequest.newBuilder()
                .setKey(ZERO).setRangeEnd(ZERO).build());
        assertThat(deleted.getDeleted()).isEqualTo(3);
        assertThat(fx.get(fx.betaKey, "/other")).isEqualTo("beta/other");
    }

    @Test
    void txnComparesAndOpsUseOwnKeys() {
        TxnRequest txn = TxnRequest.newBuilder()
                .addCompare(Compare.newBuilder().setKey(bytes("/app/a")).setTarget(Compare.CompareTarget.VALUE)
                        .setResult(Compare.CompareResult.EQUAL).setValue(bytes("beta/app/a")))
                .addSuccess(RequestOp.newBuilder().setRequestPut(PutRequest.newBuilder()
                        .setKey(bytes("/app/a")).setValue(bytes("cas")).setPrevKv(true)))
                .addSuccess(RequestOp.newBuilder().setRequestRange(RangeRequest.newBuilder()
                        .setKey(bytes("/app/")).setRangeEnd(bytes("/app0"))))
                .addFailure(RequestOp.newBuilder().setRequestRange(RangeRequest.newBuilder()
                        .setKey(ZERO).setRangeEnd(ZERO)))
                .build();
        TxnResponse alpha = fx.kv(fx.alphaKey).txn(txn);
        assertThat(alpha.getSucceeded()).isFalse();
        assertThat(keys(alpha.getResponses(0).getResponseRange().getKvsList()))
                .containsExactly("/app/a", "/app/b", "/other");

        TxnResponse beta = fx.kv(fx.betaKey).txn(txn);
        assertThat(beta.getSucceeded()).isTrue();
        assertThat(beta.getResponses(0).getResponsePut().getPrevKv().getKey()).isEqualTo(bytes("/app/a"));
        assertThat(keys(beta.getResponses(1).getResponseRange().getKvsList())).containsExactly("/app/a", "/app/b");
        assertThat(fx.get(fx.betaKey, "/app/a")).isEqualTo("cas");
        assertThat(fx.get(fx.alphaKey, "/app/a")).isEqualTo("alpha/app/a");
    }

    @Test
    void compactIsScopedToTheTenant() {
        fx.kv(fx.alphaKey).compact(io.cairn.api.etcdserverpb.CompactionRequest.newBuilder().setRevision(1).build());
        var compact = fx.cluster.node(1).received.stream().filter(r -> r.hasCompact()).reduce((a, b) -> b)
                .orElseThrow().getCompact();
        assertThat(compact.getKey()).isEqualTo(TenantKeyCodec.prefixOf(fx.alphaId));
        assertThat(compact.getRangeEnd()).isEqualTo(TenantKeyCodec.prefixOf(fx.alphaId + 1));
    }

    @Test
    void restRoutesSeeOwnKeys() {
        var range = fx.post("/v3/kv/range", "{\"key\":\"AA==\",\"range_end\":\"AA==\"}", "Bearer " + fx.betaKey);
        assertThat(range.statusCode()).isEqualTo(200);
        assertThat(range.body()).contains("\"count\":\"3\"").doesNotContain("YWxwaGE"); // base64 of "alpha"
        var plain = fx.send(HttpRequest.newBuilder(fx.uri("/v1/kv/%2Fapp%2Fa"))
                .header("Authorization", "Bearer " + fx.alphaKey).GET().build());
        assertThat(plain.body()).isEqualTo("alpha/app/a");
        var list = fx.send(HttpRequest.newBuilder(fx.uri("/v1/kv/%2Fapp%2F?prefix=true"))
                .header("Authorization", "Bearer " + fx.betaKey).GET().build());
        assertThat(list.body()).contains("\"key\":\"/app/a\"", "\"value\":\"beta/app/b\"").doesNotContain("alpha");
        var delete = fx.send(HttpRequest.newBuilder(fx.uri("/v1/kv/%2Fother"))
                .header("Authorization", "Bearer " + fx.betaKey).DELETE().build());
        assertThat(delete.body()).contains("\"deleted\":1");
        assertThat(fx.get(fx.alphaKey, "/other")).isEqualTo("alpha/other");
    }
}
