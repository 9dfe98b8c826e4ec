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

/**
 * Lease answers UNIMPLEMENTED until it is built. They are registered rather
 * than left out because Helidon 4.5 answers an unknown method before reading the request,
 * then treats the request's DATA frame as a connection error (GOAWAY PROTOCOL_ERROR) and
 * fails every other call on the connection. These answer only after the client's message.
 */
final class NotServedYet {
    private static final String MESSAGE = "cairn: %s is not served yet";

    private NotServedYet() {
    }

    static final class Lease extends LeaseGrpc.LeaseImplBase {
        @Override
        public void leaseGrant(LeaseGrantRequest request, StreamObserver<LeaseGrantResponse> observer) {
            refuse(observer, "LeaseGrant");
        }

        @Override
        public void leaseRevoke(LeaseRevokeRequest request, StreamObserver<LeaseRevokeResponse> observer) {
            refuse(observer, "LeaseRevoke");
        }

        @Override
        public void leaseTimeToLive(LeaseTimeToLiveRequest request, StreamObserver<LeaseTimeToLiveResponse> observer) {
            refuse(observer, "LeaseTimeToLive");
        }

        @Override
        public void leaseLeases(LeaseLeasesRequest request, StreamObserver<LeaseLeasesResponse> observer) {
            refuse(observer, "LeaseLeases");
        }

        @Override
        public StreamObserver<LeaseKeepAliveRequest> leaseKeepAlive(StreamObserver<LeaseKeepAliveResponse> responses) {
            return refuseOnFirstMessage(responses, "LeaseKeepAlive");
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
