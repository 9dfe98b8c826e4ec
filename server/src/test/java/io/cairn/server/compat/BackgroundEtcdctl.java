package io.cairn.server.compat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A long-running etcdctl (watch, elect, lock) whose output is kept until it is stopped. */
final class BackgroundEtcdctl {
    private static final long QUIET_MILLIS = 400;
    private static final long MAX_SETTLE_MILLIS = 5_000;

    private final Process process;
    private final java.io.ByteArrayOutputStream stdout = new java.io.ByteArrayOutputStream();
    private final Thread reader;
    private final CompletableFuture<String> stderr;
    private volatile long lastOutputNanos = System.nanoTime();

    BackgroundEtcdctl(String endpoint, List<String> args) {
        List<String> command = new ArrayList<>(List.of("etcdctl", "--endpoints=" + endpoint, "--command-timeout=10s"));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("ETCDCTL_API", "3");
        try {
            process = builder.start();
            process.getOutputStream().close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run etcdctl", e);
        }
        reader = new Thread(this::pumpStdout, "etcdctl-background-" + process.pid());
        reader.setDaemon(true);
        reader.start();
        stderr = new CompletableFuture<>();
        Thread errors = new Thread(() -> stderr.complete(readAll(process.getErrorStream())),
                "etcdctl-background-err-" + process.pid());
        errors.setDaemon(true);
        errors.start();
    }

    /** Waits until stdout holds {@code lines} lines, the process exited, or {@code seconds} passed. */
    void awaitLines(int lines, long seconds) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (lineCount() < lines && process.isAlive() && System.nanoTime() < deadline) {
            pause(20);
        }
    }

    /** Lets output settle, stops the process with SIGTERM if it still runs, and returns what it did. */
    Outcome stop() {
        long settleDeadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(MAX_SETTLE_MILLIS);
        while (process.isAlive() && System.nanoTime() < settleDeadline
                && System.nanoTime() - lastOutputNanos < TimeUnit.MILLISECONDS.toNanos(QUIET_MILLIS)) {
            pause(20);
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                return new Outcome(Outcome.TIMED_OUT, stdoutText(), "(did not stop on SIGTERM)");
            }
            String err = stderr.get(10, TimeUnit.SECONDS);
            reader.join(TimeUnit.SECONDS.toMillis(10));
            return new Outcome(process.exitValue(), stdoutText(), err);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cannot read etcdctl's stderr", e);
        }
    }

    private int lineCount() {
        synchronized (stdout) {
            byte[] bytes = stdout.toByteArray();
            int lines = 0;
            for (byte b : bytes) {
                lines += b == '\n' ? 1 : 0;
            }
            return lines;
        }
    }

    private String stdoutText() {
        synchronized (stdout) {
            return stdout.toString(StandardCharsets.UTF_8);
        }
    }

    private void pumpStdout() {
        byte[] buffer = new byte[8192];
        try (InputStream in = process.getInputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                synchronized (stdout) {
                    stdout.write(buffer, 0, n);
                }
                lastOutputNanos = System.nanoTime();
            }
        } catch (IOException e) {
            synchronized (stdout) {
                stdout.writeBytes(("<stdout read failed: " + e + ">").getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private static String readAll(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
