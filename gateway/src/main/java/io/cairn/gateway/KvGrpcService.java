package io.cairn.gateway;

import io.cairn.api.etcdserverpb.CompactionRequest;
import io.cairn.api.etcdserverpb.CompactionResponse;
import io.cairn.api.etcdserverpb.DeleteRangeRequest;
import io.cairn.api.etcdserverpb.DeleteRangeResponse;
import io.cairn.api.etcdserverpb.KVGrpc;
import io.cairn.api.etcdserverpb.PutRequest;
import io.cairn.api.etcdserverpb.PutResponse;
import io.cairn.api.etcdserverpb.RangeRequest;
import io.cairn.api.etcdserverpb.RangeResponse;
import io.cairn.api.etcdserverpb.TxnRequest;
import io.cairn.api.etcdserverpb.TxnResponse;
import io.grpc.stub.StreamObserver;

/** etcd's {@code KV} service: each call delegates to {@link KvCore} for the caller's tenant. */
final class KvGrpcService extends KVGrpc.KVImplBase {
    private final KvCore core;

    KvGrpcService(KvCore core) {
        this.core = core;
    }

    @Override
    public void range(RangeRequest request, StreamObserver<RangeResponse> observer) {
        GrpcUnary.answer(observer, () -> core.range(GrpcAuthInterceptor.principal(), request));
    }

    @Override
    public void put(PutRequest request, StreamObserver<PutResponse> observer) {
        GrpcUnary.answer(observer, () -> core.put(GrpcAuthInterceptor.principal(), request));
    }

    @Override
    public void deleteRange(DeleteRangeRequest request, StreamObserver<DeleteRangeResponse> observer) {
        GrpcUnary.answer(observer, () -> core.deleteRange(GrpcAuthInterceptor.principal(), request));
    }

    @Override
    public void txn(TxnRequest request, StreamObserver<TxnResponse> observer) {
        GrpcUnary.answer(observer, () -> core.txn(GrpcAuthInterceptor.principal(), request));
    }

    @Override
    public void compact(CompactionRequest request, StreamObserver<CompactionResponse> observer) {
        GrpcUnary.answer(observer, () -> core.compact(GrpcAuthInterceptor.principal(), request));
    }
}
