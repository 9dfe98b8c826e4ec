package io.cairn.gateway;

import io.cairn.gateway.concurrency.Cancellation;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.function.Function;

/**
 * A gRPC call that may wait (Lock, Campaign, Observe): cancelled when the client cancels it
 * or its deadline passes (gRPC clients reset the stream then), and never answered afterwards.
 */
final class WaitingCall {
    private WaitingCall() {
    }

    static Cancellation cancellationOf(StreamObserver<?> observer) {
        Cancellation cancel = new Cancellation();
        if (observer instanceof ServerCallStreamObserver<?> call) {
            call.setOnCancelHandler(cancel::cancel);
        }
        return cancel;
    }

    static <T> void answer(StreamObserver<T> observer, Function<Cancellation, T> body) {
        Cancellation cancel = cancellationOf(observer);
        T response;
        try {
            response = body.apply(cancel);
        } catch (RuntimeException e) {
            if (!cancel.isCancelled()) {
                observer.onError(ErrorMapper.toGrpc(e));
            }
            return;
        }
        if (!cancel.isCancelled()) {
            observer.onNext(response);
            observer.onCompleted();
        }
    }
}
