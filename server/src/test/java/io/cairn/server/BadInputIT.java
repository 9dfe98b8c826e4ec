package io.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.cairn.api.etcdserverpb.Compare;
import io.cairn.api.etcdserverpb.PutRequest;
import io.cairn.api.etcdserverpb.RangeRequest;
import io.cairn.api.etcdserverpb.RequestOp;
import io.cairn.api.etcdserverpb.TxnRequest;
import io.cairn.testkit.CairnDevProcess;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad requests get etcd's errors; the server stays up and nothing is lost. */
class BadInputIT {
    @TempDir
    static Path tmp;
    static CairnDevProcess dev;
    static GrpcKv client;

    @BeforeAll
    static void start() {
        dev = CairnDevProcess.start(tmp.resolve("data"));
        client = new GrpcKv(dev.endpoint(), dev.apiKey());
        client.kv().put(put("keep", "me"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (dev != null) {
            dev.close();
        }
        assertThat(dev.output()).doesNotContain("OutOfMemoryError");
    }

    static PutRequest put(String key, String value) {
        return PutRequest.newBuilder().setKey(ByteString.copyFromUtf8(key)).setValue(ByteString.copyFromUtf8(value)).build();
    }

    static void assertStatus(Runnable call, Status.Code code, String message) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(code);
            assertThat(e.getStatus().getDescription()).isEqualTo(message);
        });
    }

    @Test
    void oversizedRequest() {
        byte[] big = new byte[1600 * 1024];
        assertStatus(() -> client.kv().put(PutRequest.newBuilder().setKey(ByteString.copyFromUtf8("big"))
                .setValue(ByteString.copyFrom(big)).build()),
                Status.Code.INVALID_ARGUMENT, "etcdserver: request is too large");
        assertKeepIsThere();
    }

    @Test
    void farTooLargeRequestGetsTheSameClearError() {
        byte[] huge = new byte[3 * 1024 * 1024];
        assertStatus(() -> client.kv().put(PutRequest.newBuilder().setKey(ByteString.copyFromUtf8("huge"))
                .setValue(ByteString.copyFrom(huge)).build()),
                Status.Code.INVALID_ARGUMENT, "etcdserver: request is too large");
        assertKeepIsThere();
    }

    @Test
    void emptyKey() {
        assertStatus(() -> client.kv().put(put("", "x")), Status.Code.INVALID_ARGUMENT, "etcdserver: key is not provided");
        assertStatus(() -> client.kv().range(RangeRequest.getDefaultInstance()),
                Status.Code.INVALID_ARGUMENT, "etcdserver: key is not provided");
    }

    @Test
    void unknownEnumValues() {
        assertThatThrownBy(() -> client.kv().range(RangeRequest.newBuilder().setKey(ByteString.copyFromUtf8("keep"))
                .setSortOrderValue(42).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
        assertThatThrownBy(() -> client.kv().txn(TxnRequest.newBuilder().addCompare(Compare.newBuilder()
                .setKey(ByteString.copyFromUtf8("keep")).setTargetValue(17).setVersion(1)).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
        assertKeepIsThere();
    }

    @Test
    void tooManyOpsAndDuplicateKeysInTxn() {
        TxnRequest.Builder many = TxnRequest.newBuilder();
        for (int i = 0; i < 129; i++) {
            many.addSuccess(RequestOp.newBuilder().setRequestPut(put("many/" + i, "v")));
        }
        assertStatus(() -> client.kv().txn(many.build()), Status.Code.INVALID_ARGUMENT,
                "etcdserver: too many operations in txn request");
        TxnRequest dup = TxnRequest.newBuilder()
                .addSuccess(RequestOp.newBuilder().setRequestPut(put("dup", "1")))
                .addSuccess(RequestOp.newBuilder().setRequestPut(put("dup", "2"))).build();
        assertStatus(() -> client.kv().txn(dup), Status.Code.INVALID_ARGUMENT,
                "etcdserver: duplicate key given in txn request");
        assertThat(client.kv().range(RangeRequest.newBuilder().setKey(ByteString.copyFromUtf8("dup")).build())
                .getCount()).isZero();
    }

    @Test
    void keysWithFfAndZeroBytes() {
        ByteString ff = ByteString.copyFrom(new byte[] {(byte) 0xff, (byte) 0xff, 0, (byte) 0xff});
        client.kv().put(PutRequest.newBuilder().setKey(ff).setValue(ByteString.copyFromUtf8("ff")).build());
        assertThat(client.kv().range(RangeRequest.newBuilder().setKey(ff).build()).getKvs(0).getValue().toStringUtf8())
                .isEqualTo("ff");
        // [0xff, "\0") : from 0xff to the end of the tenant's keyspace
        assertThat(client.kv().range(RangeRequest.newBuilder().setKey(ByteString.copyFrom(new byte[] {(byte) 0xff}))
                .setRangeEnd(ByteString.copyFrom(new byte[] {0})).build()).getKvsList())
                .extracting(kv -> kv.getKey()).containsExactly(ff);
        assertKeepIsThere();
    }

    private static void assertKeepIsThere() {
        assertThat(client.kv().range(RangeRequest.newBuilder().setKey(ByteString.copyFromUtf8("keep")).build())
                .getKvs(0).getValue().toStringUtf8()).isEqualTo("me");
    }
}
