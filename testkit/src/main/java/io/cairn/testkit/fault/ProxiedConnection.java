package io.cairn.testkit.fault;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One client connection and its upstream, pumped both ways under the proxy's current mode. */
final class ProxiedConnection {
    private static final Logger LOG = LoggerFactory.getLogger(ProxiedConnection.class);
    private final Socket client;
    private final Socket upstream;
    private volatile String source;
    private final Function<String, ProxyMode> mode;
    private final Consumer<ProxiedConnection> onClose;
    private final AtomicBoolean closed = new AtomicBoolean();

    ProxiedConnection(Socket client, Socket upstream, String source, Function<String, ProxyMode> mode,
                      Consumer<ProxiedConnection> onClose) {
        this.client = client;
        this.upstream = upstream;
        this.source = source;
        this.mode = mode;
        this.onClose = onClose;
    }

    /** Who opened the connection, as the proxy's source function named it; null if unknown. */
    String source() {
        return source;
    }

    /** Names a connection accepted before its source could be told (e.g. while the peers started). */
    void nameIfUnknown(Function<Socket, String> sourceOf) {
        if (source == null) {
            source = sourceOf.apply(client);
        }
    }

    void start() {
        Thread.ofVirtual().name("fault-proxy-up").start(() -> pump(client, upstream));
        Thread.ofVirtual().name("fault-proxy-down").start(() -> pump(upstream, client));
    }

    private void pump(Socket from, Socket to) {
        byte[] buf = new byte[16 * 1024];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buf)) >= 0) {
                if (!forward(out, buf, n)) {
                    break;
                }
            }
        } catch (IOException e) {
            LOG.trace("proxied connection ended: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            close();
        }
    }

    /**
     * Forwards one chunk as the mode says; false when the connection must end. A black hole
     * holds the chunk (and, by not reading further, everything behind it) until it heals: TCP
     * never loses bytes of an established stream, it retransmits them, so dropping them here
     * would corrupt the byte stream in a way no real partition does.
     */
    private boolean forward(OutputStream out, byte[] buf, int n) throws IOException, InterruptedException {
        ProxyMode current = mode.apply(source);
        while (current instanceof ProxyMode.Blackhole) {
            Thread.sleep(10);
            current = mode.apply(source);
        }
        switch (current) {
            case ProxyMode.Pass p -> out.write(buf, 0, n);
            case ProxyMode.Blackhole b -> throw new IllegalStateException("unreachable: black hole waited out above");
            case ProxyMode.DropConnections d -> {
                return false;
            }
            case ProxyMode.Delay d -> {
                long jitter = d.jitter().toMillis();
                Thread.sleep(d.fixed().toMillis() + (jitter > 0 ? ThreadLocalRandom.current().nextLong(jitter + 1) : 0));
                out.write(buf, 0, n);
            }
        }
        out.flush();
        return true;
    }

    void close() {
        if (closed.compareAndSet(false, true)) {
            closeQuietly(client);
            closeQuietly(upstream);
            onClose.accept(this);
        }
    }

    static void closeQuietly(Closeable c) {
        try {
            c.close();
        } catch (IOException e) {
            LOG.trace("close failed: {}", e.toString());
        }
    }
}
