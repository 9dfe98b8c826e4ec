package io.cairn.testkit;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A real multi-process Cairn cluster on 127.0.0.1 for end-to-end tests, started with
 * {@code bin/cairn cluster up} on a block of free ports, described by its {@code cluster.json}.
 * Any process can be killed ({@code kill -9}), paused (SIGSTOP), resumed and restarted by name;
 * {@link #close()} stops every process it knows, by pid.
 */
public final class CairnCluster implements AutoCloseable {
    private static final Duration UP_TIMEOUT = Duration.ofMinutes(4);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

    private final Path dir;
    private final String apiKey;

    private CairnCluster(Path dir, String apiKey) {
        this.dir = dir;
        this.apiKey = apiKey;
    }

    /**
     * {@code cluster up --nodes N} in {@code dir} on free ports; extra args go to {@code cluster up}
     * (e.g. {@code --election-timeout-ms 1000}, {@code --shards 2}, {@code --gateways 2}).
     */
    public static CairnCluster start(Path dir, int nodes, String... extraArgs) {
        return start(dir, FreePorts.block(32), nodes, extraArgs);
    }

    /** As {@link #start(Path, int, String...)} on ports from {@code basePort} (a block the caller reserved). */
    public static CairnCluster start(Path dir, int basePort, int nodes, String... extraArgs) {
        List<String> args = new ArrayList<>(List.of("--nodes", Integer.toString(nodes), "--data-dir", dir.toString(),
                "--base-port", Integer.toString(basePort)));
        args.addAll(List.of(extraArgs));
        Path out = dir.resolveSibling(dir.getFileName() + "-up.out");
        CommandRun up = CommandRun.run(out, UP_TIMEOUT, clusterCommand("up", args));
        if (up.exitCode() != 0) {
            if (Files.exists(dir.resolve("cluster.json"))) {
                new CairnCluster(dir, "").close();
            }
            throw new IllegalStateException("cairn cluster up failed (" + up.exitCode() + "):\n" + up.output());
        }
        String key = up.output().lines().map(String::trim).filter(l -> l.startsWith("api-key: "))
                .map(l -> l.substring("api-key: ".length()).trim()).findFirst()
                .orElseThrow(() -> new IllegalStateException("cluster up printed no api-key:\n" + up.output()));
        return new CairnCluster(dir, key);
    }

    /** Runs {@code bin/cairn cluster <verb> --data-dir DIR ...} to completion and returns what it printed. */
    public CommandRun cairnCluster(String verb, String... args) {
        List<String> all = new ArrayList<>(List.of("--data-dir", dir.toString()));
        all.addAll(List.of(args));
        return CommandRun.run(dir.resolveSibling(dir.getFileName() + "-" + verb + ".out"), UP_TIMEOUT,
                clusterCommand(verb, all));
    }

    /** Runs {@code bin/cairn ctl <args> --data-dir DIR} to completion (at most {@code timeout}) and returns what it printed. */
    public CommandRun cairnCtl(Duration timeout, String... args) {
        List<String> command = new ArrayList<>(List.of(CairnDevProcess.cairnHome().resolve("bin/cairn").toString(), "ctl"));
        command.addAll(List.of(args));
        command.addAll(List.of("--data-dir", dir.toString()));
        return CommandRun.run(dir.resolveSibling(dir.getFileName() + "-ctl-" + args[0] + ".out"), timeout, command);
    }

    /**
     * {@code cluster add-node}: starts one more store node (like the others, on the next free
     * ports, recorded in cluster.json) and returns it once it is registered with the control plane.
     * Extra args go to {@code add-node} (e.g. {@code --zone z}).
     */
    public ClusterMember addNode(String... args) {
        List<String> before = members("node").stream().map(ClusterMember::name).toList();
        CommandRun run = cairnCluster("add-node", args);
        if (run.exitCode() != 0) {
            throw new IllegalStateException("cairn cluster add-node failed (" + run.exitCode() + "):\n" + run.output());
        }
        return members("node").stream().filter(m -> !before.contains(m.name())).findFirst()
                .orElseThrow(() -> new IllegalStateException("add-node recorded no new node:\n" + run.output()));
    }

    public Path dir() {
        return dir;
    }

    public String apiKey() {
        return apiKey;
    }

    public String clusterToken() {
        try {
            return Files.readString(Path.of(ClusterFile.text(dir, "clusterTokenFile"))).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<ClusterMember> members() {
        return ClusterFile.members(dir);
    }

    /**
     * The pids {@code cluster.json} in {@code dir} records for the members of {@code role}, by name
     * (running or not); empty while the file does not exist yet or cannot be read, e.g. during
     * {@code cluster up}.
     */
    public static Map<String, Long> recordedPids(Path dir, String role) {
        if (!Files.exists(dir.resolve("cluster.json"))) {
            return Map.of();
        }
        try {
            return ClusterFile.members(dir).stream().filter(m -> m.role().equals(role) && m.pid() > 0)
                    .collect(Collectors.toMap(ClusterMember::name, ClusterMember::pid));
        } catch (RuntimeException e) {
            return Map.of();
        }
    }

    public List<ClusterMember> members(String role) {
        return members().stream().filter(m -> m.role().equals(role)).toList();
    }

    public ClusterMember member(String name) {
        return members().stream().filter(m -> m.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no process named " + name + " in " + dir));
    }

    /** host:port of every gateway (etcd gRPC + REST). */
    public List<String> gatewayEndpoints() {
        return members("gateway").stream().map(m -> m.address("client")).toList();
    }

    /** gRPC addresses of the control-plane replicas (for PlacementClients.connect with {@link #clusterToken()}). */
    public List<String> controlPlaneAddresses() {
        return members("control-plane").stream().map(m -> m.address("rpc")).toList();
    }

    /**
     * The member's live process, if it runs: a recorded pid whose command line still names its
     * config (a reused pid does not), or cannot be read right now (it reads empty for a moment
     * while setsid, env and bin/cairn exec one another).
     */
    public Optional<ProcessHandle> process(String name) {
        ClusterMember m = member(name);
        return m.pid() <= 0 ? Optional.empty() : ProcessHandle.of(m.pid()).filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine().map(c -> c.contains(m.config().toString())).orElse(true));
    }

    public boolean isRunning(String name) {
        return process(name).isPresent();
    }

    /** {@code kill -9}; returns once the process is gone. */
    public void kill9(String name) {
        ProcessHandle process = process(name).orElseThrow(() -> new IllegalStateException(name + " is not running"));
        process.destroyForcibly();
        awaitExit(process, Duration.ofSeconds(30));
    }

    /** SIGSTOP: the process freezes with its sockets open (like a long GC pause or a hung host). */
    public void pause(String name) {
        Signals.send("STOP", member(name).pid());
    }

    /** SIGCONT after {@link #pause}. */
    public void resume(String name) {
        Signals.send("CONT", member(name).pid());
    }

    /** Starts the member again (same command, data and ports) and waits for its ready line. */
    public void restart(String name) {
        restart(name, java.util.Map.of(), List.of());
    }

    /**
     * Starts the member again with extra environment variables (e.g. {@code CAIRN_FAILPOINTS}) and
     * role arguments (they override its config file) for this start only, and waits for its ready line.
     */
    public void restart(String name, java.util.Map<String, String> env, List<String> args) {
        restart(name, env, args, List.of());
    }

    /**
     * As {@link #restart(String, Map, List)}, with the command run through {@code wrapper} (e.g.
     * libfiu's {@code fiu-run -x ...}, which execs it: the recorded pid is the member's own).
     */
    public void restart(String name, Map<String, String> env, List<String> args, List<String> wrapper) {
        if (isRunning(name)) {
            throw new IllegalStateException(name + " is still running; kill9 or stop it first");
        }
        ClusterMember m = member(name);
        long offset = size(m.log());
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
            command.add("/usr/bin/setsid");
        }
        command.addAll(wrapper);
        List<String> base = m.command();
        if (!env.isEmpty()) {
            command.add("env");
            env.forEach((k, v) -> command.add(k + "=" + v));
        }
        command.addAll(base);
        command.addAll(args);
        Process process;
        try {
            process = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(m.log().toFile()))
                    .start();
            ClusterFile.recordPid(dir, name, process.pid());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot restart " + name, e);
        }
        awaitReady(member(name), offset, process);
    }

    /** Waits up to {@code timeout} for the member's process to exit; true if it is gone. */
    public boolean awaitExit(String name, Duration timeout) {
        Optional<ProcessHandle> p = process(name);
        return p.isEmpty() || awaitExit(p.get(), timeout);
    }

    /** SIGTERM (then SIGKILL after 20 s); returns once it is gone. */
    public void stop(String name) {
        process(name).ifPresent(p -> {
            Signals.send("CONT", p.pid());
            p.destroy();
            if (!awaitExit(p, Duration.ofSeconds(20))) {
                p.destroyForcibly();
                awaitExit(p, Duration.ofSeconds(10));
            }
        });
    }

    /** Stops every process still running (SIGCONT first, so paused ones can exit), killing leftovers. */
    @Override
    public void close() {
        List<ProcessHandle> running = new ArrayList<>();
        for (ClusterMember m : members().reversed()) {
            process(m.name()).ifPresent(p -> {
                Signals.send("CONT", p.pid());
                p.destroy();
                running.add(p);
            });
        }
        for (ProcessHandle p : running) {
            if (!awaitExit(p, Duration.ofSeconds(15))) {
                p.destroyForcibly();
                awaitExit(p, Duration.ofSeconds(10));
            }
        }
    }

    /**
     * Waits for the member's ready line. Whether it died is asked of the started {@link Process},
     * not of its recorded pid's command line: while setsid, env and bin/cairn exec one another the
     * command line can read empty for a moment, which looked like an exit with no output.
     */
    private void awaitReady(ClusterMember m, long offset, Process process) {
        String marker = "cairn " + m.role() + " " + m.name() + " ready:";
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            String log = readFrom(m.log(), offset);
            if (log.contains(marker)) {
                return;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException(m.name() + " exited (status " + process.exitValue()
                        + ") while restarting:\n" + readFrom(m.log(), offset));
            }
            sleep(100);
        }
        Signals.threadDump(process.pid());
        throw new IllegalStateException(m.name() + " not ready within " + READY_TIMEOUT.toSeconds() + " s (thread dump"
                + " at the end of " + m.log() + "):\n" + readFrom(m.log(), offset));
    }

    private static boolean awaitExit(ProcessHandle process, Duration timeout) {
        try {
            process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static List<String> clusterCommand(String verb, List<String> args) {
        List<String> command = new ArrayList<>(List.of(CairnDevProcess.cairnHome().resolve("bin/cairn").toString(),
                "cluster", verb));
        command.addAll(args);
        return command;
    }

    private static long size(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String readFrom(Path file, long offset) {
        try {
            byte[] bytes = Files.exists(file) ? Files.readAllBytes(file) : new byte[0];
            int from = (int) Math.min(offset, bytes.length);
            return new String(bytes, from, bytes.length - from, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
