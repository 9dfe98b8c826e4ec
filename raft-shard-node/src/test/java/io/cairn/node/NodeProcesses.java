package io.cairn.node;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Store nodes of a {@link ClusterSpec}, each in its own JVM, with their logs in files. */
final class NodeProcesses implements AutoCloseable {
    private final ClusterSpec spec;
    private final Path root;
    private final Map<Long, Process> running = new ConcurrentHashMap<>();
    private final Map<Long, Integer> starts = new ConcurrentHashMap<>();

    NodeProcesses(ClusterSpec spec, Path root) {
        this.spec = spec;
        this.root = root;
    }

    Path dataDir(long nodeId) {
        return root.resolve("node-" + nodeId);
    }

    /** The output of the node's latest run. */
    Path logFile(long nodeId) {
        return root.resolve("node-" + nodeId + "-run-" + starts.getOrDefault(nodeId, 0) + ".log");
    }

    /** Starts node {@code nodeId} (on its data directory) and waits until it is serving. */
    void start(long nodeId) {
        starts.merge(nodeId, 1, Integer::sum);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "--enable-native-access=ALL-UNNAMED",
                "--sun-misc-unsafe-memory-access=allow", "-Dcom.google.protobuf.use_unsafe_pre22_gencode=true",
                "-cp", System.getProperty("java.class.path"), StoreNodeProcess.class.getName(),
                spec.encode(), Long.toString(nodeId), dataDir(nodeId).toString()));
        try {
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(logFile(nodeId).toFile()))
                    .start();
            running.put(nodeId, process);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        await("node " + nodeId + " ready").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> log(nodeId).contains("READY " + nodeId) || !running.get(nodeId).isAlive());
        if (!running.get(nodeId).isAlive()) {
            throw new IllegalStateException("node " + nodeId + " exited:\n" + log(nodeId));
        }
    }

    /** kill -9. */
    void kill(long nodeId) {
        Process process = running.remove(nodeId);
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    boolean isRunning(long nodeId) {
        return running.containsKey(nodeId);
    }

    String log(long nodeId) {
        try {
            return Files.exists(logFile(nodeId)) ? Files.readString(logFile(nodeId)) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        List.copyOf(running.keySet()).forEach(this::kill);
    }
}
