package io.cairn.testkit.fault;

import io.cairn.testkit.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.util.Map;
import java.util.function.Function;

/**
 * A TCP proxy on 127.0.0.1 in front of a local port, for injecting network faults between real
 * processes (as etcd's robustness suite does on peer and client ports): pass, black hole, dropped
 * connections, delay. The mode can change at any time; {@link #close()} stops the proxy and every
 * connection through it.
 */
public interface FaultProxy extends AutoCloseable {

    /** Starts a proxy in {@link ProxyMode.Pass} on a free port, forwarding to 127.0.0.1:{@code targetPort}. */
    static FaultProxy start(int targetPort) {
        return start(FreePorts.next(), targetPort);
    }

    static FaultProxy start(int listenPort, int targetPort) {
        return start(listenPort, targetPort, accepted -> null);
    }

    /**
     * A proxy that names each accepted connection with {@code sourceOf} (e.g. {@link
     * SocketOwners#byPid}; null = unknown) so {@link #mode(String, ProxyMode)} can treat the
     * connections of one source apart: a partition between chosen pairs of processes.
     */
    static FaultProxy start(int listenPort, int targetPort, Function<Socket, String> sourceOf) {
        try {
            return TcpFaultProxy.start(listenPort, targetPort, sourceOf);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a proxy on 127.0.0.1:" + listenPort, e);
        }
    }

    /** The port clients connect to. */
    int port();

    ProxyMode mode();

    void mode(ProxyMode mode);

    /**
     * The mode for the connections {@code source} opened (now and later), over the proxy's own;
     * {@code null} clears it, so they follow the proxy's mode again.
     */
    void mode(String source, ProxyMode mode);

    /** Open connections per source ({@code "?"} for unknown ones). */
    Map<String, Long> connectionsBySource();

    /** Connections currently open through the proxy. */
    int openConnections();

    @Override
    void close();
}
