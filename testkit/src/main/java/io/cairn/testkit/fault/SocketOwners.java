package io.cairn.testkit.fault;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Which local process opened a TCP connection, from Linux's {@code /proc}: the connection's inode
 * in {@code /proc/net/tcp} and {@code tcp6} (found by its two ports), then the process among the
 * candidates whose {@code /proc/PID/fd} holds {@code socket:[inode]}. Lets one proxy in front of a
 * node tell its peers apart, so a partition can cut chosen pairs of processes (every peer dials
 * the same advertised address, so the source port is all the proxy sees).
 */
public final class SocketOwners {
    private static final List<Path> TABLES = List.of(Path.of("/proc/net/tcp"), Path.of("/proc/net/tcp6"));

    private SocketOwners() {
    }

    /** Whether this machine has the {@code /proc} files this needs. */
    public static boolean available() {
        return Files.isReadable(TABLES.get(0));
    }

    /**
     * A source function for {@link FaultProxy#start(int, int, Function)}: names an accepted
     * connection by the candidate (name to pid, read at each call, so restarted processes are
     * found) that owns its other end, or {@code null} when none does.
     */
    public static Function<Socket, String> byPid(Supplier<Map<String, Long>> candidates) {
        return accepted -> {
            long inode = inodeOf(accepted.getPort(), accepted.getLocalPort());
            if (inode <= 0) {
                return null;
            }
            for (Map.Entry<String, Long> c : candidates.get().entrySet()) {
                if (owns(c.getValue(), inode)) {
                    return c.getKey();
                }
            }
            return null;
        };
    }

    /** The inode of the socket on {@code localPort} connected to {@code remotePort}, or 0. */
    static long inodeOf(int localPort, int remotePort) {
        for (Path table : TABLES) {
            List<String> lines;
            try {
                lines = Files.readAllLines(table);
            } catch (IOException e) {
                continue;
            }
            for (int i = 1; i < lines.size(); i++) {
                String[] f = lines.get(i).trim().split("\\s+");
                // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
                if (f.length > 9 && port(f[1]) == localPort && port(f[2]) == remotePort) {
                    long inode = Long.parseLong(f[9]);
                    if (inode > 0) {
                        return inode;
                    }
                }
            }
        }
        return 0;
    }

    private static int port(String address) {
        return Integer.parseInt(address.substring(address.indexOf(':') + 1), 16);
    }

    private static boolean owns(long pid, long inode) {
        String wanted = "socket:[" + inode + "]";
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : fds) {
                try {
                    if (Files.readSymbolicLink(fd).toString().equals(wanted)) {
                        return true;
                    }
                } catch (IOException e) {
                    // closed while we looked: not this one
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }
}
