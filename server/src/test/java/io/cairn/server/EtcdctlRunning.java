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

/** A long-running real {@code etcdctl lock/elect ...}; the test reads its output lines as they come. */
final class EtcdctlRunning implements AutoCloseable {
    private final Process process;
    private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();

    EtcdctlRunning(String endpoint, List<String> flags, String... args) {
        List<String> command = new ArrayList<>(List.of("etcdctl", "--endpoints=" + endpoint));
        command.addAll(flags);
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
        }, "etcdctl-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** The next line, failing after {@code seconds}. */
    String take(long seconds) throws InterruptedException {
        String line = lines.poll(seconds, TimeUnit.SECONDS);
        if (line == null) {
            throw new AssertionError("etcdctl printed nothing within " + seconds + " s (alive: " + process.isAlive() + ")");
        }
        return line;
    }

    /** The next line if one comes within {@code millis}, else null. */
    String poll(long millis) throws InterruptedException {
        return lines.poll(millis, TimeUnit.MILLISECONDS);
    }

    boolean alive() {
        return process.isAlive();
    }

    /** {@code kill -9}: etcdctl cannot revoke its lease, which must expire by itself. */
    void kill9() throws InterruptedException {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }

    /** SIGTERM: etcdctl closes its session (revokes its lease) and exits. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
