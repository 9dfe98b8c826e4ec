package io.cairn.controlplane;

import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/** Completes a unary gRPC call from a service future, errors mapped by {@link GrpcErrors}. */
final class Replies {
    private Replies() {
    }

    static <T> void unary(Supplier<CompletableFuture<T>> call, StreamObserver<T> observer) {
        CompletableFuture<T> future;
        try {
            future = call.get();
        } catch (RuntimeException e) {
            observer.onError(GrpcErrors.toStatus(e));
            return;
        }
        future.whenComplete((value, error) -> {
            if (error != null) {
                observer.onError(GrpcErrors.toStatus(error));
            } else {
                observer.onNext(value);
                observer.onCompleted();
            }
        });
    }
}
