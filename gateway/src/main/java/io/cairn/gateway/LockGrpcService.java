package io.cairn.gateway;

import io.cairn.api.v3lockpb.LockGrpc;
import io.cairn.api.v3lockpb.LockRequest;
import io.cairn.api.v3lockpb.LockResponse;
import io.cairn.api.v3lockpb.UnlockRequest;
import io.cairn.api.v3lockpb.UnlockResponse;
import io.cairn.gateway.concurrency.LockCore;
import io.grpc.stub.StreamObserver;

/** etcd's {@code v3lockpb.Lock} service for the caller's tenant ({@link LockCore}, docs/locks.md). */
final class LockGrpcService extends LockGrpc.LockImplBase {
    private final LockCore locks;
    private final TenantStores stores;

    LockGrpcService(LockCore locks, TenantStores stores) {
        this.locks = locks;
        this.stores = stores;
    }

    @Override
    public void lock(LockRequest request, StreamObserver<LockResponse> observer) {
        TenantPrincipal tenant = GrpcAuthInterceptor.principal();
        WaitingCall.answer(observer, cancel -> locks.lock(stores.of(tenant), request, cancel));
    }

    @Override
    public void unlock(UnlockRequest request, StreamObserver<UnlockResponse> observer) {
        TenantPrincipal tenant = GrpcAuthInterceptor.principal();
        GrpcUnary.answer(observer, () -> locks.unlock(stores.of(tenant), request));
    }
}
