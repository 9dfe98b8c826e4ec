package io.cairn.sdk;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import com.google.protobuf.ByteString;
import io.cairn.api.etcdserverpb.Compare;
import io.cairn.api.etcdserverpb.DeleteRangeRequest;
import io.cairn.api.etcdserverpb.KVGrpc;
import io.cairn.api.etcdserverpb.PutRequest;
import io.cairn.api.etcdserverpb.RangeRequest;
import io.cairn.api.etcdserverpb.RequestOp;
import io.cairn.api.etcdserverpb.TxnRequest;
import io.grpc.Status;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** The async core: every call goes through {@link #call}, which applies the retry policy. */
final class GrpcAsyncKv implements AsyncKv {
    private final Endpoints endpoints;
    private final RetryPolicy retry;
    private final Duration timeout;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "cairn-sdk-retry");
        t.setDaemon(true);
        return t;
    });

    GrpcAsyncKv(Endpoints endpoints, RetryPolicy retry, Duration timeout) {
        this.endpoints = endpoints;
        this.retry = retry;
        this.timeout = timeout;
    }

    @Override
    public CompletableFuture<Long> put(byte[] key, byte[] value) {
        PutRequest request = PutRequest.newBuilder().setKey(bytes(key)).setValue(bytes(value)).build();
        return call(kv -> kv.put(request), false).thenApply(r -> r.getHeader().getRevision());
    }

    @Override
    public CompletableFuture<Optional<KeyValue>> get(byte[] key) {
        RangeRequest request = RangeRequest.newBuilder().setKey(bytes(key)).build();
        return call(kv -> kv.range(request), true)
                .thenApply(r -> r.getKvsList().stream().findFirst().map(GrpcAsyncKv::toKeyValue));
    }

    @Override
    public CompletableFuture<List<KeyValue>> range(byte[] key, byte[] rangeEnd) {
        RangeRequest request = RangeRequest.newBuilder().setKey(bytes(key)).setRangeEnd(bytes(rangeEnd)).build();
        return call(kv -> kv.range(request), true)
                .thenApply(r -> r.getKvsList().stream().map(GrpcAsyncKv::toKeyValue).toList());
    }

    @Override
    public CompletableFuture<Long> delete(byte[] key, byte[] rangeEnd) {
        DeleteRangeRequest request = DeleteRangeRequest.newBuilder().setKey(bytes(key)).setRangeEnd(bytes(rangeEnd)).build();
        return call(kv -> kv.deleteRange(request), false).thenApply(r -> r.getDeleted());
    }

    @Override
    public CompletableFuture<Boolean> putIfAbsent(byte[] key, byte[] value) {
        TxnRequest request = TxnRequest.newBuilder()
                .addCompare(Compare.newBuilder().setKey(bytes(key))
                        .setTarget(Compare.CompareTarget.CREATE).setResult(Compare.CompareResult.EQUAL)
                        .setCreateRevision(0))
                .addSuccess(RequestOp.newBuilder().setRequestPut(
                        PutRequest.newBuilder().setKey(bytes(key)).setValue(bytes(value))))
                .build();
        return call(kv -> kv.txn(request), false).thenApply(r -> r.getSucceeded());
    }

    void close() {
        timer.shutdownNow();
    }

    private <T> CompletableFuture<T> call(Function<KVGrpc.KVFutureStub, ListenableFuture<T>> rpc, boolean idempotent) {
        CompletableFuture<T> result = new CompletableFuture<>();
        attempt(rpc, idempotent, 0, result);
        return result;
    }

    private <T> void attempt(Function<KVGrpc.KVFutureStub, ListenableFuture<T>> rpc, boolean idempotent,
                             int attempt, CompletableFuture<T> result) {
        KVGrpc.KVFutureStub stub = endpoints.kv().withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS);
        Futures.addCallback(rpc.apply(stub), new FutureCallback<T>() {
            @Override
            public void onSuccess(T value) {
                result.complete(value);
            }

            @Override
            public void onFailure(Throwable error) {
                Status status = Status.fromThrowable(error);
                if (retry.shouldRetry(status, idempotent, attempt + 1)) {
                    endpoints.failover();
                    timer.schedule(() -> attempt(rpc, idempotent, attempt + 1, result),
                            retry.backoffMillis(attempt), TimeUnit.MILLISECONDS);
                } else {
                    result.completeExceptionally(new CairnException(status.getCode().name(),
                            String.valueOf(status.getDescription()), error));
                }
            }
        }, MoreExecutors.directExecutor());
    }

    private static ByteString bytes(byte[] value) {
        return ByteString.copyFrom(value);
    }

    private static KeyValue toKeyValue(io.cairn.api.mvccpb.KeyValue kv) {
        return new KeyValue(kv.getKey().toByteArray(), kv.getValue().toByteArray(), kv.getCreateRevision(),
                kv.getModRevision(), kv.getVersion(), kv.getLease());
    }
}
