package io.cairn.gateway;

import io.cairn.gateway.concurrency.Cancellation;
import io.grpc.Context;
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
        // The handler blocks while it waits, and grpc-java delivers onCancel only after it
        // returns; the call's context is cancelled at once. A null cause is the normal end.
        Context context = GrpcAuthInterceptor.callContext();
        if (context != null) {
            context.addListener(ended -> {
                if (ended.cancellationCause() != null) {
                    cancel.cancel();
                }
            }, Runnable::run);
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
