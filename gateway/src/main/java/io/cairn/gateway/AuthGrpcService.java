package io.cairn.gateway;

import io.cairn.api.etcdserverpb.AuthGrpc;
import io.cairn.api.etcdserverpb.AuthenticateRequest;
import io.cairn.api.etcdserverpb.AuthenticateResponse;
import io.grpc.stub.StreamObserver;

/** etcd's {@code Auth/Authenticate}: tenant name + API key in, token out. */
final class AuthGrpcService extends AuthGrpc.AuthImplBase {
    private final ClusterCore core;

    AuthGrpcService(ClusterCore core) {
        this.core = core;
    }

    @Override
    public void authenticate(AuthenticateRequest request, StreamObserver<AuthenticateResponse> observer) {
        GrpcUnary.answer(observer, () -> core.authenticate(request));
    }
}
