package io.cairn.gateway;

import io.grpc.stub.StreamObserver;
import java.util.function.Supplier;

/** Answers a unary call with what {@code body} returns, or with the mapped error. */
final class GrpcUnary {
    private GrpcUnary() {
    }

    static <T> void answer(StreamObserver<T> observer, Supplier<T> body) {
        T response;
        try {
            response = body.get();
        } catch (RuntimeException e) {
            observer.onError(ErrorMapper.toGrpc(e));
            return;
        }
        observer.onNext(response);
        observer.onCompleted();
    }
}
