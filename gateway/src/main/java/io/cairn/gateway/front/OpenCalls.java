package io.cairn.gateway.front;

import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every open call of the port, so a shutting-down gateway can end them with UNAVAILABLE, the
 * status etcd clients take as "try again, elsewhere" (jetcd resumes a watch on it; it gives a
 * watch up on the CANCELLED that a forced transport shutdown would send).
 */
final class OpenCalls implements ServerInterceptor {
    private final Set<TrackedCall<?, ?>> open = ConcurrentHashMap.newKeySet();
    private volatile Status refusing;

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                      ServerCallHandler<Q, R> next) {
        TrackedCall<Q, R> tracked = new TrackedCall<>(call);
        open.add(tracked);
        Status refused = refusing;
        if (refused != null) {
            tracked.close(refused, new Metadata());
            return new ServerCall.Listener<>() {
            };
        }
        return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(next.startCall(tracked, headers)) {
            @Override
            public void onComplete() {
                open.remove(tracked);
                super.onComplete();
            }

            @Override
            public void onCancel() {
                open.remove(tracked);
                super.onCancel();
            }
        };
    }

    /** Ends the streaming calls (watches, keep-alives, observers) with {@code status}; new calls get it too. */
    void closeStreams(Status status) {
        refusing = status;
        open.stream().filter(call -> call.getMethodDescriptor().getType() != MethodDescriptor.MethodType.UNARY)
                .forEach(call -> call.close(status, new Metadata()));
    }

    /** Ends every call still open with {@code status}. */
    void closeAll(Status status) {
        refusing = status;
        open.forEach(call -> call.close(status, new Metadata()));
    }

    /** Serializes what handlers and the shutdown send; whatever comes after the close is dropped. */
    private final class TrackedCall<Q, R> extends ForwardingServerCall.SimpleForwardingServerCall<Q, R> {
        private boolean closed;

        TrackedCall(ServerCall<Q, R> call) {
            super(call);
        }

        @Override
        public synchronized void sendHeaders(Metadata headers) {
            if (!closed) {
                super.sendHeaders(headers);
            }
        }

        @Override
        public synchronized void sendMessage(R message) {
            if (!closed) {
                super.sendMessage(message);
            }
        }

        @Override
        public synchronized void close(Status status, Metadata trailers) {
            if (!closed) {
                closed = true;
                open.remove(this);
                super.close(status, trailers);
            }
        }
    }
}
