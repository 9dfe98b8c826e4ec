package io.cairn.gateway;

import static io.cairn.gateway.GatewayFixture.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.cairn.api.etcdserverpb.Compare;
import io.cairn.api.etcdserverpb.DeleteRangeRequest;
import io.cairn.api.etcdserverpb.LeaseGrantRequest;
import io.cairn.api.etcdserverpb.LeaseGrpc;
import io.cairn.api.etcdserverpb.PutRequest;
import io.cairn.api.etcdserverpb.RangeRequest;
import io.cairn.api.etcdserverpb.RequestOp;
import io.cairn.api.etcdserverpb.TxnRequest;
import io.cairn.api.shard.KvError;
import io.cairn.api.shard.KvErrorCode;
import io.cairn.api.shard.ShardError;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Bad requests get etcd's errors, nothing reaches a shard, and the server stays up. */
class BadInputTest {
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
    void serverStaysUp() {
        fx.put(fx.alphaKey, "alive", "yes");
        assertThat(fx.get(fx.alphaKey, "alive")).isEqualTo("yes");
        assertThat(fx.cluster.violations).isEmpty();
    }

    private static void assertStatus(ThrowingCallable call, Status.Code code, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(code);
            assertThat(e.getStatus().getDescription()).isEqualTo(message);
        });
    }

    private static PutRequest.Builder put(String key) {
        return PutRequest.newBuilder().setKey(bytes(key)).setValue(bytes("v"));
    }

    @Test
    void emptyKeysAreNotProvided() {
        String message = "etcdserver: key is not provided";
        assertStatus(() -> fx.kv(fx.alphaKey).put(put("").build()), Status.Code.INVALID_ARGUMENT, message);
        assertStatus(() -> fx.kv(fx.alphaKey).range(RangeRequest.getDefaultInstance()), Status.Code.INVALID_ARGUMENT,
                message);
        assertStatus(() -> fx.kv(fx.alphaKey).deleteRange(DeleteRangeRequest.getDefaultInstance()),
                Status.Code.INVALID_ARGUMENT, message);
        assertStatus(() -> fx.kv(fx.alphaKey).txn(TxnRequest.newBuilder()
                .addSuccess(RequestOp.newBuilder().setRequestPut(put(""))).build()), Status.Code.INVALID_ARGUMENT,
                message);
    }

    @Test
    void oversizedRequestsAreTooLarge() {
        ByteString big = ByteString.copyFrom(new byte[fx.config.maxRequestBytes() + 1]);
        int before = fx.cluster.requestCount();
        assertStatus(() -> fx.kv(fx.alphaKey).put(PutRequest.newBuilder().setKey(bytes("big")).setValue(big).build()),
                Status.Code.INVALID_ARGUMENT, "etcdserver: request is too large");
        assertThat(fx.cluster.requestCount()).isEqualTo(before);
    }

    @Test
    void farBeyondTheLimitTheCallFailsAndOtherCallsGoOn() {
        ByteString huge = ByteString.copyFrom(new byte[fx.config.maxRequestBytes() + 2 * 1024 * 1024]);
        assertThatThrownBy(() -> fx.kv(fx.alphaKey).put(PutRequest.newBuilder().setKey(bytes("huge"))
                .setValue(huge).build())).isInstanceOf(StatusRuntimeException.class);
    }

    @Test
    void tooManyOpsAndDuplicateKeys() {
        TxnRequest.Builder many = TxnRequest.newBuilder();
        for (int i = 0; i <= GatewayConfig.DEFAULT_MAX_TXN_OPS; i++) {
            many.addSuccess(RequestOp.newBuilder().setRequestPut(put("k" + i)));
        }
        assertStatus(() -> fx.kv(fx.alphaKey).txn(many.build()), Status.Code.INVALID_ARGUMENT,
                "etcdserver: too many operations in txn request");
        String duplicate = "etcdserver: duplicate key given in txn request";
        assertStatus(() -> fx.kv(fx.alphaKey).txn(TxnRequest.newBuilder()
                .addSuccess(RequestOp.newBuilder().setRequestPut(put("a")))
                .addSuccess(RequestOp.newBuilder().setRequestPut(put("a"))).build()),
                Status.Code.INVALID_ARGUMENT, duplicate);
        assertStatus(() -> fx.kv(fx.alphaKey).txn(TxnRequest.newBuilder()
                .addSuccess(RequestOp.newBuilder().setRequestDeleteRange(DeleteRangeRequest.newBuilder()
                        .setKey(bytes("a")).setRangeEnd(bytes("c"))))
                .addSuccess(RequestOp.newBuilder().setRequestPut(put("b"))).build()),
                Status.Code.INVALID_ARGUMENT, duplicate);
        // then and else of a nested txn may put the same key: only one of them runs
        fx.kv(fx.alphaKey).txn(TxnRequest.newBuilder().addSuccess(RequestOp.newBuilder().setRequestTxn(
                TxnRequest.newBuilder().addSuccess(RequestOp.newBuilder().setRequestPut(put("n")))
                        .addFailure(RequestOp.newBuilder().setRequestPut(put("n"))))).build());
    }

    @Test
    void unknownEnumNumbersAreInvalidArguments() {
        assertStatus(() -> fx.kv(fx.alphaKey).range(RangeRequest.newBuilder().setKey(bytes("a"))
                .setSortOrderValue(9).build()), Status.Code.INVALID_ARGUMENT, "etcdserver: invalid sort option");
        assertStatus(() -> fx.kv(fx.alphaKey).range(RangeRequest.newBuilder().setKey(bytes("a"))
                .setSortTargetValue(42).build()), Status.Code.INVALID_ARGUMENT, "etcdserver: invalid sort option");
        assertStatus(() -> fx.kv(fx.alphaKey).txn(TxnRequest.newBuilder().addCompare(Compare.newBuilder()
                .setKey(bytes("a")).setResultValue(17)).build()), Status.Code.INVALID_ARGUMENT,
                "cairn: unknown compare result 17");
        assertStatus(() -> fx.kv(fx.alphaKey).txn(TxnRequest.newBuilder().addCompare(Compare.newBuilder()
                .setKey(bytes("a")).setTargetValue(99)).build()), Status.Code.INVALID_ARGUMENT,
                "cairn: unknown compare target 99");
    }

    @Test
    void ffKeysRoundTrip() {
        ByteString ff = ByteString.fromHex("ffff");
        fx.kv(fx.alphaKey).put(PutRequest.newBuilder().setKey(ff).setValue(bytes("x")).build());
        // etcd's prefix end of an all-0xFF key is "\0": to the end of the tenant's space
        var range = fx.kv(fx.alphaKey).range(RangeRequest.newBuilder().setKey(ff)
                .setRangeEnd(ByteString.copyFrom(new byte[] {0})).build());
        assertThat(range.getKvsList()).singleElement().satisfies(kv -> assertThat(kv.getKey()).isEqualTo(ff));
        var plain = fx.send(HttpRequest.newBuilder(fx.uri("/v1/kv/%FF%FF"))
                .header("Authorization", "Bearer " + fx.alphaKey).GET().build());
        assertThat(plain.statusCode()).isEqualTo(200);
        assertThat(plain.body()).isEqualTo("x");
    }

    @Test
    void shardKvErrorsReachTheClientWithEtcdsMessages() {
        fx.cluster.node(1).scripted.add(ShardError.newBuilder().setKvError(
                KvError.newBuilder().setCode(KvErrorCode.COMPACTED)).build());
        assertStatus(() -> fx.kv(fx.alphaKey).range(RangeRequest.newBuilder().setKey(bytes("a")).setRevision(1).build()),
                Status.Code.OUT_OF_RANGE, "etcdserver: mvcc: required revision has been compacted");
        fx.cluster.node(1).scripted.add(ShardError.newBuilder().setKvError(
                KvError.newBuilder().setCode(KvErrorCode.LEASE_NOT_FOUND)).build());
        assertStatus(() -> fx.kv(fx.alphaKey).put(put("l").setLease(99).build()), Status.Code.NOT_FOUND,
                "etcdserver: requested lease not found");
        assertStatus(() -> fx.kv(fx.alphaKey).put(put("missing").clearValue().setIgnoreValue(true).build()),
                Status.Code.INVALID_ARGUMENT, "etcdserver: key not found");
        fx.cluster.node(1).scripted.add(ShardError.newBuilder().setKvError(
                KvError.newBuilder().setCode(KvErrorCode.FUTURE_REVISION)).build());
        HttpResponse<String> http = fx.post("/v3/kv/range", "{\"key\":\"YQ==\",\"revision\":\"1\"}",
                "Bearer " + fx.alphaKey);
        assertThat(http.statusCode()).isEqualTo(400);
        assertThat(http.body()).contains("\"error\":\"etcdserver: mvcc: required revision is a future revision\"",
                "\"code\":11", "\"message\":\"etcdserver: mvcc: required revision is a future revision\"");
    }

    @Test
    void malformedJsonAndBase64AreBadRequests() {
        String auth = "Bearer " + fx.alphaKey;
        for (String body : new String[] {"{", "{\"key\":\"%%%\"}", "{\"key\": {\"a\": 1}}", "{\"nokey\":\"YQ==\"}",
            "{\"key\":\"YQ==\",\"sort_order\":\"SIDEWAYS\"}", "[1,2]"}) {
            HttpResponse<String> response = fx.post("/v3/kv/range", body, auth);
            assertThat(response.statusCode()).as(body).isEqualTo(400);
            assertThat(response.body()).as(body).contains("cairn: malformed JSON request");
        }
        HttpResponse<String> unknownEnum = fx.post("/v3/kv/range", "{\"key\":\"YQ==\",\"sort_order\":7}", auth);
        assertThat(unknownEnum.statusCode()).isEqualTo(400);
        HttpResponse<String> empty = fx.post("/v3/kv/put", "{}", auth);
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(empty.body()).contains("etcdserver: key is not provided");
        assertThatThrownBy(() -> PercentDecoding.decode("a%G1")).isInstanceOfSatisfying(GatewayException.class,
                e -> assertThat(ErrorMapper.toHttp(e).httpStatus()).isEqualTo(400));
        assertThat(PercentDecoding.decode("a%2Fb+c%ff")).isEqualTo(ByteString.copyFrom(new byte[] {
            'a', '/', 'b', '+', 'c', (byte) 0xff}));
    }

    @Test
    void leaseErrorsKeepTheConnectionAndAnEmptyWatchRequestIsIgnored() throws InterruptedException {
        for (int i = 0; i < 5; i++) {
            // Leases are served; the fake node refuses them, and the connection survives the error.
            assertThatThrownBy(() -> LeaseGrpc.newBlockingStub(fx.channel())
                    .withInterceptors(io.grpc.stub.MetadataUtils.newAttachHeadersInterceptor(bearer()))
                    .leaseGrant(LeaseGrantRequest.newBuilder().setTTL(5).build()))
                    .isInstanceOfSatisfying(StatusRuntimeException.class,
                            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
            fx.put(fx.alphaKey, "between", "calls");
        }
        var errors = new java.util.concurrent.LinkedBlockingQueue<Throwable>();
        var responses = new java.util.concurrent.LinkedBlockingQueue<io.cairn.api.etcdserverpb.WatchResponse>();
        var requests = io.cairn.api.etcdserverpb.WatchGrpc.newStub(fx.channel())
                .withInterceptors(io.grpc.stub.MetadataUtils.newAttachHeadersInterceptor(bearer()))
                .watch(new io.grpc.stub.StreamObserver<>() {
                    @Override
                    public void onNext(io.cairn.api.etcdserverpb.WatchResponse value) {
                        responses.add(value);
                    }

                    @Override
                    public void onError(Throwable t) {
                        errors.add(t);
                    }

                    @Override
                    public void onCompleted() {
                    }
                });
        requests.onNext(io.cairn.api.etcdserverpb.WatchRequest.getDefaultInstance());
        requests.onNext(io.cairn.api.etcdserverpb.WatchRequest.newBuilder().setCreateRequest(
                io.cairn.api.etcdserverpb.WatchCreateRequest.newBuilder().setKey(ByteString.copyFromUtf8("b"))
                        .setRangeEnd(ByteString.copyFromUtf8("a"))).build());
        var refused = responses.poll(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(refused).isNotNull();
        assertThat(refused.getCanceled()).isTrue();
        assertThat(refused.getCancelReason()).isEqualTo("mvcc: watcher range is empty");
        assertThat(errors).isEmpty();
        requests.onCompleted();
        fx.put(fx.alphaKey, "after", "watch");
    }

    private static io.grpc.Metadata bearer() {
        io.grpc.Metadata md = new io.grpc.Metadata();
        md.put(io.grpc.Metadata.Key.of("authorization", io.grpc.Metadata.ASCII_STRING_MARSHALLER), "Bearer " + fx.alphaKey);
        return md;
    }
}
