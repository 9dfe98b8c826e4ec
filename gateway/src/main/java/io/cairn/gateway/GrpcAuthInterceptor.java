package io.cairn.gateway;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.helidon.webserver.grpc.GrpcConnectionContext;
import io.helidon.webserver.grpc.ServerContextKeys;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * Authenticates every gRPC call except {@code Auth/Authenticate} and puts the tenant into
 * the call's {@link Context}, where handlers read it with {@link #principal()}.
 */
final class GrpcAuthInterceptor implements ServerInterceptor {
    private static final Context.Key<TenantPrincipal> PRINCIPAL = Context.key("cairn-tenant");
    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private static final Metadata.Key<String> TOKEN = Metadata.Key.of("token", Metadata.ASCII_STRING_MARSHALLER);
    private static final String UNAUTHENTICATED_SERVICE = "etcdserverpb.Auth";

    private final Authenticator authenticator;

    GrpcAuthInterceptor(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    static TenantPrincipal principal() {
        TenantPrincipal principal = PRINCIPAL.get();
        if (principal == null) {
            throw new GatewayException(new GatewayError.Internal("cairn: call reached a handler unauthenticated"));
        }
        return principal;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
            ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        if (UNAUTHENTICATED_SERVICE.equals(call.getMethodDescriptor().getServiceName())) {
            return next.startCall(call, headers);
        }
        TenantPrincipal principal;
        try {
            Credential credential = Credential.from(headers.get(AUTHORIZATION), headers.get(TOKEN));
            principal = authenticator.authenticate(credential, fromLoopback());
        } catch (RuntimeException e) {
            return refuseAfterRequest(call, e);
        }
        return Contexts.interceptCall(Context.current().withValue(PRINCIPAL, principal), call, headers, next);
    }

    /**
     * Answers the failure once the client has sent its whole request. Helidon 4.5 answers
     * a DATA frame on a stream the server already closed with a connection-wide GOAWAY
     * (PROTOCOL_ERROR), which would fail every other call on the connection.
     */
    private static <Q, R> ServerCall.Listener<Q> refuseAfterRequest(ServerCall<Q, R> call, RuntimeException failure) {
        call.request(Integer.MAX_VALUE);
        // A client-streaming call (Watch) may never half-close: answer after its first message.
        boolean streaming = !call.getMethodDescriptor().getType().clientSendsOneMessage();
        return new ServerCall.Listener<>() {
            private boolean closed;

            @Override
            public void onMessage(Q message) {
                if (streaming) {
                    close();
                }
            }

            @Override
            public void onHalfClose() {
                close();
            }

            private void close() {
                if (!closed) {
                    closed = true;
                    ErrorMapper.closeCall(call, failure);
                }
            }
        };
    }

    private static boolean fromLoopback() {
        GrpcConnectionContext connection = ServerContextKeys.CONNECTION_CONTEXT.get();
        if (connection == null) {
            return false;
        }
        SocketAddress address = connection.remotePeer().address();
        return address instanceof InetSocketAddress inet
                && inet.getAddress() != null
                && inet.getAddress().isLoopbackAddress();
    }
}
