package io.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.api.etcdserverpb.RangeRequest;
import io.cairn.testkit.CairnDevProcess;
import io.cairn.testkit.Etcdctl;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Outside dev mode's loopback convenience, a missing or wrong key is refused on every transport. */
class AuthEndToEndIT {
    @TempDir
    static Path tmp;
    static CairnDevProcess dev;

    @BeforeAll
    static void start() {
        dev = CairnDevProcess.start(tmp.resolve("data"), "--require-auth");
    }

    @AfterAll
    static void stop() {
        if (dev != null) {
            dev.close();
        }
    }

    @Test
    void etcdctlWithoutOrWithWrongCredentialsIsRefused() {
        Etcdctl.Result anonymous = new Etcdctl(dev.endpoint()).run("get", "x");
        assertThat(anonymous.ok()).isFalse();
        Etcdctl.Result wrong = new Etcdctl(dev.endpoint(), "--user", "dev:nope").run("get", "x");
        assertThat(wrong.ok()).isFalse();
        assertThat(wrong.stderr()).contains("authentication failed");
        Etcdctl.Result right = new Etcdctl(dev.endpoint(), "--user", "dev:" + dev.apiKey()).run("put", "x", "1");
        assertThat(right.stdout()).as(right.toString()).isEqualTo("OK\n");
    }

    @Test
    void grpcWithoutOrWithWrongBearerIsUnauthenticated() throws Exception {
        try (GrpcKv anonymous = new GrpcKv(dev.endpoint(), null);
             GrpcKv wrong = new GrpcKv(dev.endpoint(), "cairn_0123456789abcdef_0123456789abcdef0123456789abcdef");
             GrpcKv right = new GrpcKv(dev.endpoint(), dev.apiKey())) {
            RangeRequest get = RangeRequest.newBuilder().setKey(com.google.protobuf.ByteString.copyFromUtf8("x")).build();
            assertThatThrownBy(() -> anonymous.kv().range(get)).isInstanceOfSatisfying(StatusRuntimeException.class,
                    e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
            assertThatThrownBy(() -> wrong.kv().range(get)).isInstanceOfSatisfying(StatusRuntimeException.class,
                    e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
            assertThat(right.kv().range(get).getHeader().getRevision()).isPositive();
        }
    }

    @Test
    void restWithoutOrWithWrongBearerIs401() {
        assertThat(new Rest(dev.endpoint(), null).get("/v1/kv/x").statusCode()).isEqualTo(401);
        assertThat(new Rest(dev.endpoint(), "garbage").get("/v1/kv/x").statusCode()).isEqualTo(401);
        assertThat(new Rest(dev.endpoint(), null).post("/v3/kv/range", "{\"key\":\"eA==\"}").statusCode())
                .isEqualTo(401);
        assertThat(new Rest(dev.endpoint(), dev.apiKey()).put("/v1/kv/y", "2").statusCode()).isEqualTo(200);
    }
}
