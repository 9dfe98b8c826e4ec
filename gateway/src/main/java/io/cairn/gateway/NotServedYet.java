package io.cairn.gateway;

import io.cairn.api.etcdserverpb.WatchGrpc;
import io.cairn.api.etcdserverpb.WatchRequest;
import io.cairn.api.etcdserverpb.WatchResponse;
import io.grpc.stub.StreamObserver;

/**
 * Watch answers UNIMPLEMENTED until it is built. They are registered rather
 * than left out because Helidon 4.5 answers an unknown method before reading the request,
 * then treats the request's DATA frame as a connection error (GOAWAY PROTOCOL_ERROR) and
 * fails every other call on the connection. These answer only after the client's message.
 */
final class NotServedYet {
    private static final String MESSAGE = "cairn: %s is not served yet";

    private NotServedYet() {
    }

    static final class Watch extends WatchGrpc.WatchImplBase {
        @Override
        public StreamObserver<WatchRequest> watch(StreamObserver<WatchResponse> responses) {
            return refuseOnFirstMessage(responses, "Watch");
        }
    }

    private static void refuse(StreamObserver<?> observer, String method) {
        observer.onError(ErrorMapper.toGrpc(new GatewayException(
                new GatewayError.Unimplemented(MESSAGE.formatted(method)))));
    }

    private static <Q> StreamObserver<Q> refuseOnFirstMessage(StreamObserver<?> responses, String method) {
        return new StreamObserver<>() {
            private boolean done;

            @Override
            public void onNext(Q request) {
                finish();
            }

            @Override
            public void onError(Throwable t) {
                done = true;
            }

            @Override
            public void onCompleted() {
                finish();
            }

            private void finish() {
                if (!done) {
                    done = true;
                    refuse(responses, method);
                }
            }
        };
    }
}
