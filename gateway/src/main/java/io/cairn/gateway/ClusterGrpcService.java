package io.cairn.gateway;

import io.cairn.api.etcdserverpb.ClusterGrpc;
import io.cairn.api.etcdserverpb.MemberListRequest;
import io.cairn.api.etcdserverpb.MemberListResponse;
import io.grpc.stub.StreamObserver;

/** etcd's {@code Cluster} service: the gateway lists itself as the member. */
final class ClusterGrpcService extends ClusterGrpc.ClusterImplBase {
    private final ClusterCore core;

    ClusterGrpcService(ClusterCore core) {
        this.core = core;
    }

    @Override
    public void memberList(MemberListRequest request, StreamObserver<MemberListResponse> observer) {
        GrpcUnary.answer(observer, core::memberList);
    }
}
