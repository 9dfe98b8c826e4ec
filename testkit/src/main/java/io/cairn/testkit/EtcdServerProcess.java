package io.cairn.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real single-member etcd (Debian's {@code etcd-server}, {@code /usr/bin/etcd}) on 127.0.0.1,
 * for tests that compare Cairn with the real thing. Free client and peer ports, data in
 * {@code dataDir}, output in {@code <dataDir>.log}; {@link #close()} always stops it.
 */
public final class EtcdServerProcess implements AutoCloseable {
    public static final Path ETCD = Path.of("/usr/bin/etcd");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final int clientPort;
    private final int peerPort;
    private final Path logFile;
    private final Process process;

    private EtcdServerProcess(Path dataDir, int clientPort, int peerPort) {
        this.clientPort = clientPort;
        this.peerPort = peerPort;
        this.logFile = dataDir.resolveSibling(dataDir.getFileName() + ".log");
        String client = "http://" + endpoint();
        String peer = peerUrl();
        List<String> command = List.of(ETCD.toString(), "--name", "default", "--data-dir", dataDir.toString(),
                "--listen-client-urls", client, "--advertise-client-urls", client,
                "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer,
                "--initial-cluster", "default=" + peer);
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(logFile.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    /** Starts etcd with its data in {@code dataDir} (created if missing) and waits until it is healthy. */
    public static EtcdServerProcess start(Path dataDir) {
        if (!Files.isExecutable(ETCD)) {
            throw new IllegalStateException(ETCD + " is missing: install etcd 3.4 (Debian: apt-get install -y etcd-server)");
        }
        EtcdServerProcess etcd = new EtcdServerProcess(dataDir, FreePorts.next(), FreePorts.next());
        try {
            etcd.awaitHealthy();
        } catch (RuntimeException | Error e) {
            etcd.close();
            throw e;
        }
        return etcd;
    }

    /** {@code 127.0.0.1:<client port>}, as etcdctl's {@code --endpoints} takes it. */
    public String endpoint() {
        return "127.0.0.1:" + clientPort;
    }

    public String peerUrl() {
        return "http://127.0.0.1:" + peerPort;
    }

    /** Everything etcd logged so far. */
    public String log() {
        try {
            return Files.exists(logFile) ? Files.readString(logFile) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitHealthy() {
        Etcdctl etcdctl = new Etcdctl(endpoint(), "--dial-timeout=1s");
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("etcd exited with " + process.exitValue() + ":\n" + log());
            }
            if (etcdctl.run("endpoint", "health").ok()) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("etcd not healthy within " + START_TIMEOUT.toSeconds() + " s:\n" + log());
    }

    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
