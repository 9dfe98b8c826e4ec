package io.cairn.gateway;

import static io.cairn.gateway.GatewayFixture.bytes;
import static io.cairn.gateway.GatewayFixture.internal;
import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.api.etcdserverpb.PutRequest;
import io.cairn.api.etcdserverpb.PutResponse;
import io.cairn.api.etcdserverpb.RangeRequest;
import io.cairn.api.etcdserverpb.RangeResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class KvRoutingTest {
    private static GatewayFixture fx;

    @BeforeAll
    static void start() {
        fx = new GatewayFixture(false, 1);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        fx.close();
    }

    @AfterEach
    void noViolations() {
        assertThat(fx.cluster.violations).isEmpty();
    }

    @Test
    void putThenGetThroughGrpc() {
        PutResponse put = fx.kv(fx.alphaKey).put(PutRequest.newBuilder()
                .setKey(bytes("/config/a")).setValue(bytes("1")).build());
        assertThat(put.getHeader().getRevision()).isPositive();
        assertThat(put.getHeader().getClusterId()).isEqualTo(FakePlacement.CLUSTER_ID);
        assertThat(put.getHeader().getMemberId()).isNotZero();

        RangeResponse got = fx.kv(fx.alphaKey).range(RangeRequest.newBuilder().setKey(bytes("/config/a")).build());
        assertThat(got.getKvsList()).singleElement().satisfies(kv -> {
            assertThat(kv.getKey()).isEqualTo(bytes("/config/a"));
            assertThat(kv.getValue()).isEqualTo(bytes("1"));
            assertThat(kv.getVersion()).isEqualTo(1);
        });
        assertThat(fx.cluster.store().keys()).contains(internal(fx.alphaId, "/config/a"));
    }
}
