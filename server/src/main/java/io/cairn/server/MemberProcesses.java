package io.cairn.server;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Starts, finds and stops the processes of a local cluster. Each runs detached: in its own
 * session (setsid, so a Ctrl-C in the launching terminal does not reach it), stdin from
 * /dev/null, stdout and stderr appended to its {@code out.log}. A pid counts as the member's
 * only while that process's command line still names the member's config file.
 */
final class MemberProcesses {
    private static final Path SETSID = Path.of("/usr/bin/setsid");

    private MemberProcesses() {
    }

    /** Launches the member's command; returns its pid. */
    static long launch(ClusterMember member) {
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(SETSID)) {
            command.add(SETSID.toString());
        }
        command.addAll(member.command());
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(new File(member.log())));
        try {
            return builder.start().pid();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + member.name() + ": " + command, e);
        }
    }

    /** The member's running process, if its recorded pid is alive and is still that member. */
    static Optional<ProcessHandle> running(ClusterMember member) {
        if (member.pid() <= 0) {
            return Optional.empty();
        }
        return ProcessHandle.of(member.pid())
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine().map(c -> c.contains(member.config())).orElse(false));
    }

    /** Waits until the member's log shows its ready line past {@code logOffset}; fails if it dies first. */
    static void awaitReady(ClusterMember member, long logOffset, Duration timeout) throws InterruptedException {
        String marker = "cairn " + member.role() + " " + member.name() + " ready:";
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (logSince(member, logOffset).contains(marker)) {
                return;
            }
            // Just launched by us, so the pid cannot have been reused; its command line can be
            // briefly unreadable while setsid and bin/cairn exec, so only liveness counts here.
            if (ProcessHandle.of(member.pid()).filter(ProcessHandle::isAlive).isEmpty()) {
                throw new IllegalStateException(member.name() + " exited while starting; last lines of "
                        + member.log() + ":\n" + tail(member, 15));
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(member.name() + " not ready within " + timeout.toSeconds()
                + " s; last lines of " + member.log() + ":\n" + tail(member, 15));
    }

    /**
     * SIGTERM to every running member at once, then SIGKILL to those that have not exited
     * within {@code grace}. Returns the names of the members that were running.
     */
    static List<String> stopAll(List<ClusterMember> members, Duration grace) throws InterruptedException {
        List<ClusterMember> stopped = new ArrayList<>();
        List<ProcessHandle> handles = new ArrayList<>();
        for (ClusterMember member : members) {
            running(member).ifPresent(handle -> {
                handle.destroy();
                stopped.add(member);
                handles.add(handle);
            });
        }
        long deadline = System.nanoTime() + grace.toNanos();
        for (int i = 0; i < handles.size(); i++) {
            ProcessHandle handle = handles.get(i);
            long left = Math.max(0, deadline - System.nanoTime());
            try {
                handle.onExit().get(left, TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                System.out.printf("  %s did not stop within %d s: SIGKILL%n", stopped.get(i).name(), grace.toSeconds());
                handle.destroyForcibly();
                awaitExit(handle);
            } catch (ExecutionException e) {
                throw new IllegalStateException("waiting for " + stopped.get(i).name() + " to exit", e);
            }
        }
        return stopped.stream().map(ClusterMember::name).toList();
    }

    static long logSize(ClusterMember member) {
        try {
            Path log = Path.of(member.log());
            return Files.exists(log) ? Files.size(log) : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String tail(ClusterMember member, int lines) {
        List<String> all = List.of(logSince(member, 0).split("\n"));
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    private static String logSince(ClusterMember member, long offset) {
        Path log = Path.of(member.log());
        try {
            if (!Files.exists(log)) {
                return "";
            }
            byte[] bytes = Files.readAllBytes(log);
            int from = (int) Math.min(offset, bytes.length);
            return new String(bytes, from, bytes.length - from, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void awaitExit(ProcessHandle handle) throws InterruptedException {
        try {
            handle.onExit().get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("process " + handle.pid() + " survived SIGKILL for 10 s", e);
        }
    }
}
