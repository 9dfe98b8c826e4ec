package io.cairn.gateway.front;

import io.grpc.Server;
import io.grpc.ServerInterceptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.InternalNettyServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's public port: grpc-java's Netty server for etcd's gRPC API, with every
 * connection that is not HTTP/2 relayed to the REST listener (see {@link SharedPortNegotiator}).
 * grpc-java is the reference HTTP/2 implementation for gRPC: it ignores the RST_STREAM a client
 * sends for a call the server just finished, which Helidon 4.5's HTTP/2 answers with a
 * connection-wide GOAWAY (docs/adr/0007-grpc-java-serves-the-etcd-port.md).
 */
public final class SharedPortServer implements AutoCloseable {
    /** How long a new connection may stay silent before the port knows what it speaks. */
    private static final Duration SNIFF_TIMEOUT = Duration.ofSeconds(30);

    private final Server server;
    private final ExecutorService calls;
    private final OpenCalls open;
    private final StatusRuntimeException shuttingDown;

    private SharedPortServer(Server server, ExecutorService calls, OpenCalls open, StatusRuntimeException shuttingDown) {
        this.server = server;
        this.calls = calls;
        this.open = open;
        this.shuttingDown = shuttingDown;
    }

    /**
     * Listens on {@code host:port} (0 picks a free port).
     *
     * @param rest where connections that are not gRPC go (a loopback listener that reads PROXY v1)
     * @param maxInboundMessageBytes the largest gRPC message accepted
     * @param services the services served, each behind {@code interceptor}
     * @param shuttingDown what open calls end with when the server closes (mapped by the error mapper)
     */
    public static SharedPortServer start(String host, int port, InetSocketAddress rest, int maxInboundMessageBytes,
                                         ServerInterceptor interceptor, List<ServerServiceDefinition> services,
                                         StatusRuntimeException shuttingDown) {
        OpenCalls open = new OpenCalls();
        ExecutorService calls = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("grpc-call-", 0).factory());
        NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress(host, port),
                        InternalNettyServerCredentials.create(new SharedPortNegotiator(rest, SNIFF_TIMEOUT)))
                .executor(calls)
                .maxInboundMessageSize(maxInboundMessageBytes)
                // etcd clients ping idle connections often (etcdctl every 2 s by default).
                .permitKeepAliveTime(1, TimeUnit.SECONDS)
                .permitKeepAliveWithoutCalls(true)
                // Rapid-reset flood guard (CVE-2023-44487): well above what clients cancelling at their
                // deadline send (SharedPortTest: ~400 a second on one connection).
                .maxRstFramesPerWindow(10_000, 10)
                // Relayed REST connections never finish gRPC's handshake; the sniffer times out silence.
                .handshakeTimeout(Long.MAX_VALUE, TimeUnit.MILLISECONDS)
                .intercept(interceptor)
                .intercept(open); // added last, so it runs first and sees every call
        services.forEach(builder::addService);
        Server server = builder.build();
        try {
            server.start();
        } catch (IOException e) {
            calls.shutdownNow();
            throw new UncheckedIOException("cannot listen on " + host + ":" + port
                    + " (is the port in use by another process?)", e);
        }
        return new SharedPortServer(server, calls, open, shuttingDown);
    }

    public int port() {
        return ((InetSocketAddress) server.getListenSockets().getFirst()).getPort();
    }

    /**
     * Stops taking calls, ends streams with UNAVAILABLE at once (clients resume them elsewhere),
     * gives unary calls 2 s to finish, then ends them with UNAVAILABLE too.
     */
    @Override
    public void close() {
        server.shutdown();
        open.closeStreams(shuttingDown.getStatus());
        try {
            if (!server.awaitTermination(2, TimeUnit.SECONDS)) {
                open.closeAll(shuttingDown.getStatus());
                if (!server.awaitTermination(1, TimeUnit.SECONDS)) {
                    server.shutdownNow();
                    server.awaitTermination(2, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            server.shutdownNow();
            Thread.currentThread().interrupt();
        }
        calls.shutdownNow();
    }
}
