package io.cairn.gateway.front;

import io.grpc.netty.shaded.io.grpc.netty.GrpcHttp2ConnectionHandler;
import io.grpc.netty.shaded.io.grpc.netty.InternalProtocolNegotiator;
import io.grpc.netty.shaded.io.grpc.netty.InternalProtocolNegotiators;
import io.grpc.netty.shaded.io.netty.channel.ChannelHandler;
import io.grpc.netty.shaded.io.netty.util.AsciiString;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * Lets one port speak gRPC and REST, as etcd's client port does: grpc-java's plaintext
 * negotiation runs behind a {@link ProtocolSniffer}, which hands connections that open with
 * the HTTP/2 preface to gRPC and relays every other one to the REST listener.
 */
final class SharedPortNegotiator implements InternalProtocolNegotiator.ProtocolNegotiator {
    private static final AsciiString SCHEME = AsciiString.of("http");

    private final InternalProtocolNegotiator.ProtocolNegotiator plaintext = InternalProtocolNegotiators.serverPlaintext();
    private final InetSocketAddress rest;
    private final Duration sniffTimeout;

    SharedPortNegotiator(InetSocketAddress rest, Duration sniffTimeout) {
        this.rest = rest;
        this.sniffTimeout = sniffTimeout;
    }

    @Override
    public AsciiString scheme() {
        return SCHEME;
    }

    @Override
    public ChannelHandler newHandler(GrpcHttp2ConnectionHandler grpcHandler) {
        return new ProtocolSniffer(plaintext.newHandler(grpcHandler), rest, sniffTimeout);
    }

    @Override
    public void close() {
        plaintext.close();
    }
}
