package io.cairn.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A long-running real {@code etcdctl watch ...} whose stdout lines the test reads as they come. */
final class EtcdctlWatch implements AutoCloseable {
    private final Process process;
    private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();

    EtcdctlWatch(String endpoint, List<String> flags, String... args) {
        List<String> command = new ArrayList<>(List.of("etcdctl", "--endpoints=" + endpoint));
        command.addAll(flags);
        command.add("watch");
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("ETCDCTL_API", "3");
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run etcdctl", e);
        }
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("<read failed: " + e + ">");
            }
        }, "etcdctl-watch-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** The next {@code n} lines, failing after {@code seconds}. */
    List<String> take(int n, long seconds) throws InterruptedException {
        List<String> got = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (got.size() < n) {
            String line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null) {
                throw new AssertionError("etcdctl watch printed only " + got + " within " + seconds + " s");
            }
            got.add(line);
        }
        return got;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
