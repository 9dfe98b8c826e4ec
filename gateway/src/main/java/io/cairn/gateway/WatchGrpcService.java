package io.cairn.gateway;

import io.cairn.api.etcdserverpb.WatchGrpc;
import io.cairn.api.etcdserverpb.WatchRequest;
import io.cairn.api.etcdserverpb.WatchResponse;
import io.cairn.gateway.watch.WatchSession;
import io.grpc.stub.StreamObserver;

/** etcd's {@code Watch} service: one {@link WatchSession} per stream, for the caller's tenant. */
final class WatchGrpcService extends WatchGrpc.WatchImplBase {
    private final WatchSessions sessions;

    WatchGrpcService(WatchSessions sessions) {
        this.sessions = sessions;
    }

    @Override
    public StreamObserver<WatchRequest> watch(StreamObserver<WatchResponse> responses) {
        WatchSession session = sessions.open(GrpcAuthInterceptor.principal(), responses::onNext);
        return new StreamObserver<>() {
            @Override
            public void onNext(WatchRequest request) {
                session.onRequest(request);
            }

            @Override
            public void onError(Throwable t) {
                sessions.closed(session);
            }

            @Override
            public void onCompleted() {
                session.closeThen(responses::onCompleted);
                sessions.closed(session);
            }
        };
    }
}
