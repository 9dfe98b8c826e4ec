package io.cairn.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

/** Free TCP ports on 127.0.0.1 for servers started by tests. */
public final class FreePorts {
    private static final Set<Integer> HANDED_OUT = new HashSet<>();

    private FreePorts() {
    }

    /** A port that was free a moment ago and that this JVM has not handed out before. */
    public static synchronized int next() {
        for (int attempt = 0; attempt < 100; attempt++) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(false);
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                int port = socket.getLocalPort();
                if (HANDED_OUT.add(port)) {
                    return port;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new IllegalStateException("no free port on 127.0.0.1 after 100 attempts");
    }

    /**
     * The first of {@code count} consecutive ports that are all free, below Linux's ephemeral
     * range (32768+) so that outgoing connections do not take them later; none handed out before.
     */
    public static synchronized int block(int count) {
        java.util.Random random = new java.util.Random();
        for (int attempt = 0; attempt < 200; attempt++) {
            int first = 12_000 + random.nextInt(20_000 - count);
            boolean free = true;
            for (int port = first; port < first + count && free; port++) {
                free = !HANDED_OUT.contains(port) && isFree(port);
            }
            if (free) {
                for (int port = first; port < first + count; port++) {
                    HANDED_OUT.add(port);
                }
                return first;
            }
        }
        throw new IllegalStateException("no block of " + count + " free ports on 127.0.0.1 after 200 attempts");
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
