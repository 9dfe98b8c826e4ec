package io.cairn.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A real {@code bin/cairn dev} process on 127.0.0.1, for end-to-end tests. Output goes to
 * {@code <dataDir>/../<name>.out}; {@link #close()} always stops the process.
 */
public final class CairnDevProcess implements AutoCloseable {
    private static final long START_TIMEOUT_SECONDS = 120;

    private final Path dataDir;
    private final int port;
    private final List<String> extraArgs;
    private final List<String> wrapper;
    private final Path outFile;
    private Process process;
    private volatile String apiKey;

    private CairnDevProcess(Path dataDir, int port, List<String> extraArgs, List<String> wrapper) {
        this.dataDir = dataDir;
        this.port = port;
        this.extraArgs = List.copyOf(extraArgs);
        this.wrapper = List.copyOf(wrapper);
        this.outFile = dataDir.resolveSibling(dataDir.getFileName() + ".out");
    }

    /** Starts {@code cairn dev} on a free port with its data in {@code dataDir}; waits until ready. */
    public static CairnDevProcess start(Path dataDir, String... extraArgs) {
        return start(dataDir, List.of(), extraArgs);
    }

    /**
     * As {@link #start(Path, String...)}, run through {@code wrapper} (a command that runs its
     * arguments, e.g. {@code fiu-run -x}) at every launch; the wrapped process keeps its pid.
     */
    public static CairnDevProcess start(Path dataDir, List<String> wrapper, String... extraArgs) {
        CairnDevProcess dev = new CairnDevProcess(dataDir, FreePorts.next(), List.of(extraArgs), wrapper);
        dev.launch();
        return dev;
    }

    /** The repository root, from the {@code cairn.home} system property (set by the build). */
    public static Path cairnHome() {
        String home = System.getProperty("cairn.home");
        if (home == null) {
            throw new IllegalStateException("system property cairn.home (the repository root) is not set");
        }
        return Path.of(home);
    }

    public String endpoint() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public String apiKey() {
        return apiKey;
    }

    public Path dataDir() {
        return dataDir;
    }

    public long pid() {
        return process.pid();
    }

    /** Everything the process printed so far. */
    public String output() {
        try {
            return Files.exists(outFile) ? Files.readString(outFile) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code kill -9}: no shutdown hook runs. */
    public void kill9() {
        process.destroyForcibly();
        waitFor();
    }

    /** SIGTERM, as Ctrl-C would, and waits for a clean exit. */
    public int stop() {
        process.destroy();
        return waitFor();
    }

    /** Starts again on the same data dir and port. */
    public void restart() {
        restartWith(Map.of(), List.of());
    }

    /**
     * Starts again on the same data dir and port with extra environment variables and arguments for
     * this launch only (e.g. {@code CAIRN_FAILPOINTS}); a later {@link #restart()} drops them.
     */
    public void restartWith(Map<String, String> env, List<String> args) {
        if (process.isAlive()) {
            stop();
        }
        launch(env, args);
    }

    /** Waits up to {@code timeout} for the process to exit; its exit status, or -1 if it still runs. */
    public int awaitExit(java.time.Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
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

    private int waitFor() {
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void launch() {
        launch(Map.of(), List.of());
    }

    private void launch(Map<String, String> env, List<String> args) {
        List<String> command = new ArrayList<>(wrapper);
        command.add(cairnHome().resolve("bin/cairn").toString());
        command.add("dev");
        command.add("--data-dir");
        command.add(dataDir.toString());
        command.add("--listen");
        command.add(endpoint());
        command.addAll(extraArgs);
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("CAIRN_SKIP_BUILD", "1");
        builder.environment().putAll(env);
        CompletableFuture<String> ready = new CompletableFuture<>();
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
        Thread pump = new Thread(() -> pump(ready), "cairn-dev-output-" + port);
        pump.setDaemon(true);
        pump.start();
        try {
            apiKey = ready.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            Signals.threadDump(process.pid());
            close();
            throw new IllegalStateException("cairn dev not ready within " + START_TIMEOUT_SECONDS + " s (its thread"
                    + " dump is at the end of " + outFile + "):\n" + output());
        } catch (Exception e) {
            close();
            throw new IllegalStateException("cairn dev failed to start: " + e.getMessage() + "\n" + output(), e);
        }
    }

    private void pump(CompletableFuture<String> ready) {
        String key = null;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             PrintWriter log = new PrintWriter(Files.newBufferedWriter(outFile,
                     java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND), true)) {
            String line;
            while ((line = in.readLine()) != null) {
                log.println(line);
                String trimmed = line.trim();
                if (trimmed.startsWith("api-key: ")) {
                    key = trimmed.substring("api-key: ".length()).trim();
                }
                if (trimmed.startsWith("Press Ctrl-C") && key != null) {
                    ready.complete(key);
                }
            }
        } catch (IOException e) {
            ready.completeExceptionally(e);
        }
        ready.completeExceptionally(new IllegalStateException("process exited before it was ready"));
    }
}
