package io.cairn.testkit.fault;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link FaultProxy} on blocking sockets, one virtual thread per direction of each connection. */
final class TcpFaultProxy implements FaultProxy {
    private static final Logger LOG = LoggerFactory.getLogger(TcpFaultProxy.class);
    private static final int CONNECT_TIMEOUT_MS = 2000;

    private final ServerSocket server;
    private final int targetPort;
    private final AtomicReference<ProxyMode> mode = new AtomicReference<>(ProxyMode.pass());
    private final Function<Socket, String> sourceOf;
    private final Map<String, ProxyMode> bySource = new ConcurrentHashMap<>();
    private final Set<ProxiedConnection> connections = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private volatile boolean closed;

    private TcpFaultProxy(ServerSocket server, int targetPort, Function<Socket, String> sourceOf) {
        this.server = server;
        this.targetPort = targetPort;
        this.sourceOf = sourceOf;
        this.acceptor = Thread.ofVirtual().name("fault-proxy-accept-" + server.getLocalPort()).unstarted(this::accept);
    }

    static TcpFaultProxy start(int listenPort, int targetPort, Function<Socket, String> sourceOf) throws IOException {
        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), listenPort));
        TcpFaultProxy proxy = new TcpFaultProxy(server, targetPort, sourceOf);
        proxy.acceptor.start();
        LOG.debug("fault proxy 127.0.0.1:{} -> 127.0.0.1:{}", listenPort, targetPort);
        return proxy;
    }

    private void accept() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("fault proxy on port {} stopped accepting", port(), e);
                }
                return;
            }
            String source = sourceOf.apply(client);
            if (modeFor(source) instanceof ProxyMode.DropConnections) {
                ProxiedConnection.closeQuietly(client);
                continue;
            }
            try {
                Socket upstream = new Socket();
                upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), CONNECT_TIMEOUT_MS);
                ProxiedConnection conn = new ProxiedConnection(client, upstream, source, this::modeFor,
                        connections::remove);
                connections.add(conn);
                conn.start();
            } catch (IOException e) {
                LOG.debug("fault proxy cannot reach 127.0.0.1:{}: {}", targetPort, e.toString());
                ProxiedConnection.closeQuietly(client);
            }
        }
    }

    @Override
    public int port() {
        return server.getLocalPort();
    }

    @Override
    public ProxyMode mode() {
        return mode.get();
    }

    @Override
    public void mode(ProxyMode newMode) {
        mode.set(newMode);
        if (newMode instanceof ProxyMode.DropConnections) {
            connections.forEach(ProxiedConnection::close);
        }
    }

    @Override
    public void mode(String source, ProxyMode newMode) {
        if (newMode == null) {
            bySource.remove(source);
            return;
        }
        connections.forEach(c -> c.nameIfUnknown(sourceOf));
        bySource.put(source, newMode);
        if (newMode instanceof ProxyMode.DropConnections) {
            connections.stream().filter(c -> source.equals(c.source())).forEach(ProxiedConnection::close);
        }
    }

    @Override
    public Map<String, Long> connectionsBySource() {
        Map<String, Long> counts = new TreeMap<>();
        connections.forEach(c -> counts.merge(c.source() == null ? "?" : c.source(), 1L, Long::sum));
        return counts;
    }

    private ProxyMode modeFor(String source) {
        ProxyMode own = source == null ? null : bySource.get(source);
        return own != null ? own : mode.get();
    }

    @Override
    public int openConnections() {
        return connections.size();
    }

    @Override
    public void close() {
        closed = true;
        ProxiedConnection.closeQuietly(server);
        connections.forEach(ProxiedConnection::close);
        try {
            acceptor.join(CONNECT_TIMEOUT_MS + 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
