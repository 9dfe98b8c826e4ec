package io.cairn.server;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Properties;

/**
 * What {@code cairn dev} keeps in its data directory besides the roles' own data: the
 * internal ports chosen on first start (Raft peers are addressed by host:port, so they must
 * not change across restarts), the cluster token, and the dev tenant's API key.
 */
final class DevDataDir {
    static final String PORTS = "dev-ports.properties";
    static final String TOKEN = "cluster-token";
    private static final String DEV_KEY = "dev-api-key";

    private final Path root;

    DevDataDir(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    Path controlPlaneDir() {
        return root.resolve("control-plane");
    }

    Path nodeDir() {
        return root.resolve("node-1");
    }

    Path logDir() {
        return root.resolve("logs");
    }

    /** Internal ports, chosen once and reused on every restart. */
    InternalPorts internalPorts(String host) {
        Path file = root.resolve(PORTS);
        Properties props = new Properties();
        if (Files.exists(file)) {
            try (Reader in = Files.newBufferedReader(file)) {
                props.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
            return new InternalPorts(
                    Integer.parseInt(props.getProperty("control-plane.raft")),
                    Integer.parseInt(props.getProperty("control-plane.rpc")),
                    Integer.parseInt(props.getProperty("node.raft")),
                    Integer.parseInt(props.getProperty("node.rpc")));
        }
        InternalPorts ports = new InternalPorts(freePort(host), freePort(host), freePort(host), freePort(host));
        props.setProperty("control-plane.raft", Integer.toString(ports.controlPlaneRaft()));
        props.setProperty("control-plane.rpc", Integer.toString(ports.controlPlaneRpc()));
        props.setProperty("node.raft", Integer.toString(ports.nodeRaft()));
        props.setProperty("node.rpc", Integer.toString(ports.nodeRpc()));
        try (Writer out = Files.newBufferedWriter(file)) {
            props.store(out, "internal ports of cairn dev; Raft peers are addressed by them, keep them stable");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return ports;
    }

    String clusterToken() {
        Path file = root.resolve(TOKEN);
        if (Files.exists(file)) {
            return read(file);
        }
        byte[] secret = new byte[24];
        new SecureRandom().nextBytes(secret);
        String token = HexFormat.of().formatHex(secret);
        writeSecret(file, token);
        return token;
    }

    Optional<String> devApiKey() {
        Path file = root.resolve(DEV_KEY);
        return Files.exists(file) ? Optional.of(read(file)) : Optional.empty();
    }

    void saveDevApiKey(String key) {
        writeSecret(root.resolve(DEV_KEY), key);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static void writeSecret(Path file, String secret) {
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, secret + "\n", StandardCharsets.UTF_8);
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // best effort on non-POSIX file systems
            }
            Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static int freePort(String host) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(host), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port on " + host, e);
        }
    }

    record InternalPorts(int controlPlaneRaft, int controlPlaneRpc, int nodeRaft, int nodeRpc) {
    }
}
