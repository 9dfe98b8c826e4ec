package io.cairn.testkit.robustness;

import com.google.protobuf.ByteString;
import io.cairn.api.etcdserverpb.Compare;
import io.cairn.api.etcdserverpb.DeleteRangeRequest;
import io.cairn.api.etcdserverpb.KVGrpc;
import io.cairn.api.etcdserverpb.PutRequest;
import io.cairn.api.etcdserverpb.RangeRequest;
import io.cairn.api.etcdserverpb.RangeResponse;
import io.cairn.api.etcdserverpb.RequestOp;
import io.cairn.api.etcdserverpb.TxnRequest;
import io.cairn.api.etcdserverpb.TxnResponse;
import io.cairn.api.mvccpb.KeyValue;
import io.cairn.testkit.history.KvInput;
import io.cairn.testkit.history.KvOutput;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * One client connection to the etcd KV API (generated gRPC stubs), speaking the history's terms:
 * a {@link KvInput} in, a {@link KvOutput} out. A write that fails in a way that does not prove it
 * was not applied (timeout, lost connection, unavailable) is {@link KvOutput.Unknown}.
 */
final class EtcdKv implements AutoCloseable {
    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    /** Codes that mean the request was refused as such, before anything was proposed. */
    private static final Set<Status.Code> DEFINITE = Set.of(Status.Code.INVALID_ARGUMENT,
            Status.Code.FAILED_PRECONDITION, Status.Code.UNAUTHENTICATED, Status.Code.PERMISSION_DENIED);

    private final int port;
    private final String apiKey;
    private final Duration deadline;
    private ManagedChannel channel;
    private KVGrpc.KVBlockingStub stub;

    EtcdKv(int port, String apiKey, Duration deadline) {
        this.port = port;
        this.apiKey = apiKey;
        this.deadline = deadline;
        connect();
    }

    private void connect() {
        channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
        KVGrpc.KVBlockingStub s = KVGrpc.newBlockingStub(channel);
        if (apiKey != null && !apiKey.isEmpty()) {
            Metadata headers = new Metadata();
            headers.put(AUTHORIZATION, "Bearer " + apiKey);
            s = s.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
        }
        stub = s;
    }

    /**
     * Drops the connection and opens a new one, as an etcd client's keepalive does when a connection
     * stops answering (after a black hole, a connection may stay open with its HTTP/2 state lost).
     */
    void reconnect() {
        channel.shutdownNow();
        connect();
    }

    /** False while the channel knows it cannot reach the server (a call now would fail at once). */
    boolean reachable() {
        return channel.getState(true) != ConnectivityState.TRANSIENT_FAILURE;
    }

    KvOutput execute(KvInput input) {
        try {
            return switch (input) {
                case KvInput.Put p -> new KvOutput.PutResult(stub().put(PutRequest.newBuilder()
                        .setKey(bytes(p.key())).setValue(bytes(p.value())).build()).getHeader().getRevision());
                case KvInput.Get g -> get(g.key(), 0);
                case KvInput.Range r -> range(r.prefix());
                case KvInput.Delete d -> {
                    var resp = stub().deleteRange(DeleteRangeRequest.newBuilder().setKey(bytes(d.key())).build());
                    yield new KvOutput.DeleteResult(resp.getDeleted(), resp.getHeader().getRevision());
                }
                case KvInput.CompareAndSet c -> cas(c);
            };
        } catch (StatusRuntimeException e) {
            String error = e.getStatus().getCode() + ": " + e.getStatus().getDescription();
            return DEFINITE.contains(e.getStatus().getCode()) ? new KvOutput.Failure(error) : new KvOutput.Unknown(error);
        }
    }

    /** A linearizable read of {@code key} at {@code revision} (0 = latest). Throws on error. */
    KvOutput.GetResult get(String key, long revision) {
        RangeResponse resp = stub().range(RangeRequest.newBuilder().setKey(bytes(key)).setRevision(revision).build());
        long header = resp.getHeader().getRevision();
        if (resp.getKvsCount() == 0) {
            return KvOutput.GetResult.absent(header);
        }
        KeyValue kv = resp.getKvs(0);
        return new KvOutput.GetResult(kv.getValue().toStringUtf8(), kv.getModRevision(), kv.getVersion(), header);
    }

    private KvOutput.RangeResult range(String prefix) {
        RangeResponse resp = stub().range(RangeRequest.newBuilder().setKey(bytes(prefix))
                .setRangeEnd(bytes(prefixEnd(prefix))).build());
        return new KvOutput.RangeResult(resp.getKvsList().stream().map(kv -> new KvOutput.KeyValue(
                kv.getKey().toStringUtf8(), kv.getValue().toStringUtf8(), kv.getModRevision(), kv.getVersion()))
                .toList(), resp.getHeader().getRevision());
    }

    private KvOutput.TxnResult cas(KvInput.CompareAndSet c) {
        Compare.Builder compare = Compare.newBuilder().setKey(bytes(c.key())).setResult(Compare.CompareResult.EQUAL);
        switch (c.compare()) {
            case KvInput.Compare.ModRevisionEquals m -> compare.setTarget(Compare.CompareTarget.MOD)
                    .setModRevision(m.revision());
            case KvInput.Compare.ValueEquals v -> compare.setTarget(Compare.CompareTarget.VALUE)
                    .setValue(bytes(v.value()));
        }
        TxnResponse resp = stub().txn(TxnRequest.newBuilder().addCompare(compare)
                .addSuccess(RequestOp.newBuilder().setRequestPut(PutRequest.newBuilder()
                        .setKey(bytes(c.key())).setValue(bytes(c.newValue())))).build());
        return new KvOutput.TxnResult(resp.getSucceeded(), resp.getHeader().getRevision());
    }

    private KVGrpc.KVBlockingStub stub() {
        return stub.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    static String prefixEnd(String prefix) {
        char last = prefix.charAt(prefix.length() - 1);
        return prefix.substring(0, prefix.length() - 1) + (char) (last + 1);
    }

    private static ByteString bytes(String s) {
        return ByteString.copyFromUtf8(s);
    }

    @Override
    public void close() {
        channel.shutdownNow();
        try {
            channel.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
