package io.cairn.gateway;

import io.cairn.api.etcdserverpb.LeaseGrantRequest;
import io.cairn.api.etcdserverpb.LeaseGrantResponse;
import io.cairn.api.etcdserverpb.LeaseGrpc;
import io.cairn.api.etcdserverpb.LeaseKeepAliveRequest;
import io.cairn.api.etcdserverpb.LeaseKeepAliveResponse;
import io.cairn.api.etcdserverpb.LeaseLeasesRequest;
import io.cairn.api.etcdserverpb.LeaseLeasesResponse;
import io.cairn.api.etcdserverpb.LeaseRevokeRequest;
import io.cairn.api.etcdserverpb.LeaseRevokeResponse;
import io.cairn.api.etcdserverpb.LeaseTimeToLiveRequest;
import io.cairn.api.etcdserverpb.LeaseTimeToLiveResponse;
import io.grpc.stub.StreamObserver;

/** etcd's {@code Lease} service: each call delegates to {@link LeaseCore} for the caller's tenant. */
final class LeaseGrpcService extends LeaseGrpc.LeaseImplBase {
    private final LeaseCore core;

    LeaseGrpcService(LeaseCore core) {
        this.core = core;
    }

    @Override
    public void leaseGrant(LeaseGrantRequest request, StreamObserver<LeaseGrantResponse> observer) {
        GrpcUnary.answer(observer, () -> core.grant(GrpcAuthInterceptor.principal(), request));
    }

    @Override
    public void leaseRevoke(LeaseRevokeRequest request, StreamObserver<LeaseRevokeResponse> observer) {
        GrpcUnary.answer(observer, () -> core.revoke(GrpcAuthInterceptor.principal(), request));
    }

    @Override
    public void leaseTimeToLive(LeaseTimeToLiveRequest request, StreamObserver<LeaseTimeToLiveResponse> observer) {
        GrpcUnary.answer(observer, () -> core.timeToLive(GrpcAuthInterceptor.principal(), request));
    }

    @Override
    public void leaseLeases(LeaseLeasesRequest request, StreamObserver<LeaseLeasesResponse> observer) {
        GrpcUnary.answer(observer, () -> core.leases(GrpcAuthInterceptor.principal(), request));
    }

    @Override
    public StreamObserver<LeaseKeepAliveRequest> leaseKeepAlive(StreamObserver<LeaseKeepAliveResponse> responses) {
        TenantPrincipal tenant = GrpcAuthInterceptor.principal();
        return new KeepAliveStream(responses, request -> core.keepAlive(tenant, request));
    }
}
