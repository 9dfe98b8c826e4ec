package io.cairn.gateway;

import io.cairn.api.v3electionpb.CampaignRequest;
import io.cairn.api.v3electionpb.CampaignResponse;
import io.cairn.api.v3electionpb.ElectionGrpc;
import io.cairn.api.v3electionpb.LeaderRequest;
import io.cairn.api.v3electionpb.LeaderResponse;
import io.cairn.api.v3electionpb.ProclaimRequest;
import io.cairn.api.v3electionpb.ProclaimResponse;
import io.cairn.api.v3electionpb.ResignRequest;
import io.cairn.api.v3electionpb.ResignResponse;
import io.cairn.gateway.concurrency.Cancellation;
import io.cairn.gateway.concurrency.ElectionCore;
import io.grpc.stub.StreamObserver;

/** etcd's {@code v3electionpb.Election} service for the caller's tenant ({@link ElectionCore}, docs/locks.md). */
final class ElectionGrpcService extends ElectionGrpc.ElectionImplBase {
    private final ElectionCore elections;
    private final TenantStores stores;

    ElectionGrpcService(ElectionCore elections, TenantStores stores) {
        this.elections = elections;
        this.stores = stores;
    }

    @Override
    public void campaign(CampaignRequest request, StreamObserver<CampaignResponse> observer) {
        TenantPrincipal tenant = GrpcAuthInterceptor.principal();
        WaitingCall.answer(observer, cancel -> elections.campaign(stores.of(tenant), request, cancel));
    }

    @Override
    public void proclaim(ProclaimRequest request, StreamObserver<ProclaimResponse> observer) {
        TenantPrincipal tenant = GrpcAuthInterceptor.principal();
        GrpcUnary.answer(observer, () -> elections.proclaim(stores.of(tenant), request));
    }

    @Override
    public void leader(LeaderRequest request, StreamObserver<LeaderResponse> observer) {
        TenantPrincipal tenant = GrpcAuthInterceptor.principal();
        GrpcUnary.answer(observer, () -> elections.leader(stores.of(tenant), request));
    }

    @Override
    public void observe(LeaderRequest request, StreamObserver<LeaderResponse> observer) {
        TenantPrincipal tenant = GrpcAuthInterceptor.principal();
        Cancellation cancel = WaitingCall.cancellationOf(observer);
        elections.observe(stores.of(tenant), request, cancel, observer::onNext);
        if (!cancel.isCancelled()) {
            observer.onCompleted();
        }
    }

    @Override
    public void resign(ResignRequest request, StreamObserver<ResignResponse> observer) {
        TenantPrincipal tenant = GrpcAuthInterceptor.principal();
        GrpcUnary.answer(observer, () -> elections.resign(stores.of(tenant), request));
    }
}
