package io.cairn.gateway;

import io.grpc.Context;
import com.google.protobuf.Message;
import io.grpc.Contexts;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;

/**
 * Authenticates every gRPC call except {@code Auth/Authenticate} and puts the tenant into
 * the call's {@link Context}, where handlers read it with {@link #principal()}.
 */
final class GrpcAuthInterceptor implements ServerInterceptor {
    private static final Context.Key<TenantPrincipal> PRINCIPAL = Context.key("cairn-tenant");
    private static final Context.Key<Context> CALL = Context.key("cairn-call");
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

    /**
     * The call's own context, cancelled at once when the client cancels, resets the stream or its
     * deadline passes (even while the handler blocks, unlike {@code setOnCancelHandler}, which
     * waits for the handler to return); {@code null} outside an authenticated call.
     */
    static Context callContext() {
        return CALL.get();
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
            boolean loopback = Authenticator.isLoopback(call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR));
            principal = authenticator.authenticate(credential, loopback);
        } catch (RuntimeException e) {
            return refuseAfterRequest(call, e);
        }
        // Handlers run detached from the call's cancellation, so a client that gives up never
        // cancels work others share (a shard stream, a route refresh started on its thread);
        // waiting calls listen to callContext() instead.
        ServerCall.Listener<Q> listener = Contexts.interceptCall(
                Context.ROOT.withValues(PRINCIPAL, principal, CALL, Context.current()), call, headers, next);
        return principal.scopes().isEmpty() ? listener : checkingScopes(call, principal, listener);
    }

    /**
     * Lets through only the messages the caller's API key grants ({@link ScopePolicy}). A
     * refused unary call is answered once the client half-closed (see
     * {@link #refuseAfterRequest}); a refused stream is closed at the refused message.
     */
    private static <Q, R> ServerCall.Listener<Q> checkingScopes(
            ServerCall<Q, R> call, TenantPrincipal principal, ServerCall.Listener<Q> delegate) {
        boolean unary = call.getMethodDescriptor().getType().clientSendsOneMessage();
        return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(delegate) {
            private RuntimeException refusal;
            private boolean closed;

            @Override
            public void onMessage(Q message) {
                if (refusal == null && message instanceof Message request) {
                    try {
                        ScopePolicy.check(principal, request);
                    } catch (GatewayException e) {
                        refusal = e;
                    }
                }
                if (refusal == null) {
                    super.onMessage(message);
                } else if (!unary) {
                    close();
                }
            }

            @Override
            public void onHalfClose() {
                if (refusal == null) {
                    super.onHalfClose();
                } else {
                    close();
                }
            }

            private void close() {
                if (!closed) {
                    closed = true;
                    ErrorMapper.closeCall(call, refusal);
                }
            }
        };
    }

    /**
     * Answers the failure once the client has sent its whole request, so a client that is
     * still sending never meets a stream the server already closed.
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
}
