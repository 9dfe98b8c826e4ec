package io.cairn.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs one role in this JVM until it is stopped (SIGTERM/Ctrl-C): logs go to DATA/logs,
 * stdout gets one line {@code cairn <role> <name> ready: ...} once it serves (scripts and
 * {@code cluster up} wait for it), and a shutdown hook closes the role. A role that ends on its
 * own (a store node removed from the cluster) is closed and the process exits with status 3.
 */
final class RoleProcess {
    /**
     * What a role's start returns: everything to close on exit, the ready line's details, and a
     * future that completes (with why) if the role ends on its own, e.g. a removed store node.
     */
    record Running(AutoCloseable resources, String details, CompletableFuture<? extends Exception> ended) {
        Running(AutoCloseable resources, String details) {
            this(resources, details, new CompletableFuture<>());
        }
    }

    @FunctionalInterface
    interface Starter {
        Running start() throws Exception;
    }

    private RoleProcess() {
    }

    static int serve(String role, String name, Path dataDir, Starter starter) throws InterruptedException {
        try {
            Files.createDirectories(dataDir.resolve("logs"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dataDir.resolve("logs"), e);
        }
        Logging.init(dataDir.resolve("logs"));
        System.out.printf("cairn %s %s: starting (data in %s, logs in %s)%n", role, name, dataDir, dataDir.resolve("logs"));
        System.out.flush();
        Running running;
        try {
            running = starter.start();
        } catch (Exception e) {
            System.err.printf("cairn %s %s: failed to start: %s%n", role, name, e.getMessage());
            System.err.printf("cairn %s %s: logs are in %s%n", role, name, dataDir.resolve("logs"));
            return 1;
        }
        AtomicBoolean closed = new AtomicBoolean();
        Runnable close = () -> {
            if (closed.compareAndSet(false, true)) {
                try {
                    running.resources().close();
                } catch (Exception e) {
                    System.err.printf("cairn %s %s: error while stopping: %s%n", role, name, e);
                }
            }
        };
        Runtime.getRuntime().addShutdownHook(new Thread(close, "cairn-shutdown"));
        System.out.printf("cairn %s %s ready: %s pid=%d%n", role, name, running.details(), ProcessHandle.current().pid());
        System.out.flush();
        Exception why;
        try {
            why = running.ended().get();
        } catch (ExecutionException e) {
            why = e.getCause() instanceof Exception cause ? cause : e;
        }
        System.err.printf("cairn %s %s: stopping: %s%n", role, name, why.getMessage());
        close.run();
        return 3;
    }
}
