package io.cairn.testkit.fault;

import io.cairn.testkit.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;

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
        try {
            return TcpFaultProxy.start(listenPort, targetPort);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a proxy on 127.0.0.1:" + listenPort, e);
        }
    }

    /** The port clients connect to. */
    int port();

    ProxyMode mode();

    void mode(ProxyMode mode);

    /** Connections currently open through the proxy. */
    int openConnections();

    @Override
    void close();
}
