package io.cairn.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs the real {@code etcdctl} (v3 API) against an endpoint. */
public final class Etcdctl {
    /** Output readers block until etcdctl exits: never on the common pool, which may have a single worker. */
    private static final java.util.concurrent.Executor READERS = java.util.concurrent.Executors.newThreadPerTaskExecutor(
            Thread.ofPlatform().daemon().name("etcdctl-output-", 0).factory());

    private final String endpoint;
    private final List<String> globalFlags;

    public Etcdctl(String endpoint, String... globalFlags) {
        this.endpoint = endpoint;
        this.globalFlags = List.of(globalFlags);
    }

    public Etcdctl withFlags(String... more) {
        List<String> flags = new ArrayList<>(globalFlags);
        flags.addAll(List.of(more));
        return new Etcdctl(endpoint, flags.toArray(String[]::new));
    }

    public Result run(String... args) {
        return runWithInput(null, args);
    }

    /** Runs with {@code stdin} fed to the process (e.g. {@code etcdctl txn}). */
    public Result runWithInput(String stdin, String... args) {
        List<String> command = new ArrayList<>();
        command.add("etcdctl");
        command.add("--endpoints=" + endpoint);
        command.add("--command-timeout=10s");
        command.addAll(globalFlags);
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("ETCDCTL_API", "3");
        try {
            Process process = builder.start();
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()), READERS);
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()), READERS);
            if (stdin != null) {
                process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            process.getOutputStream().close();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("etcdctl timed out: " + command);
            }
            return new Result(process.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run etcdctl (apt-get install -y etcd-client)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public record Result(int exitCode, String stdout, String stderr) {
        public boolean ok() {
            return exitCode == 0;
        }

        /** stdout split in lines, without the trailing empty one. */
        public List<String> lines() {
            return stdout.isEmpty() ? List.of() : List.of(stdout.split("\n"));
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr;
        }
    }
}
