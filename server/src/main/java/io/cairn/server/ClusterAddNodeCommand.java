package io.cairn.server;

import io.cairn.controlplane.client.PlacementClient;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cairn cluster add-node}: one more store node for the cluster in --data-dir, configured
 * like the existing ones (same control plane, token, election timeout, JVM options) on the
 * next free raft/rpc ports. It is recorded in cluster.json, so {@code cluster down} stops it and
 * {@code cluster up} restarts it. The control plane's balancers then move replicas and
 * leaders onto it.
 */
@Command(name = "add-node", mixinStandardHelpOptions = true,
        description = "Start one more store node for the local cluster in --data-dir and record it in cluster.json.")
final class ClusterAddNodeCommand implements Callable<Integer> {

    @Option(names = "--data-dir", defaultValue = "./cairn-cluster", description = "Cluster directory (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--zone", description = "The node's zone label (default: zone-a, zone-b, zone-c in turn).")
    String zone;

    @Option(names = "--timeout-secs", defaultValue = "120", description = "How long each step may take (default: ${DEFAULT-VALUE}).")
    int timeoutSecs;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        long started = System.nanoTime();
        Path dir = dataDir.toAbsolutePath().normalize();
        ClusterManifest manifest = ClusterManifest.read(dir).orElseThrow(() ->
                new ConfigException("no " + ClusterManifest.FILE + " in " + dir + ": start a cluster with cluster up first"));
        ClusterMember member = NewNodeLayout.next(manifest, zone);
        manifest = manifest.plus(member);
        manifest.write(dir);
        out.printf("cairn cluster: adding store node %s (raft=%s rpc=%s zone=%s) to %s%n", member.name(),
                member.address("raft"), member.address("rpc"), NewNodeLayout.zoneOf(member), dir);
        Duration timeout = Duration.ofSeconds(timeoutSecs);
        String token = Files.readString(Path.of(manifest.clusterTokenFile())).trim();
        long offset = MemberProcesses.logSize(member);
        ClusterMember running = member.withPid(MemberProcesses.launch(member));
        manifest = manifest.with(running);
        manifest.write(dir);
        try {
            out.printf("  %s ... ", member.name());
            out.flush();
            MemberProcesses.awaitReady(running, offset, timeout);
            out.printf("started (%.1f s); ", (System.nanoTime() - started) / 1e9);
            out.flush();
            try (PlacementClient placement = ClusterUpCommand.connect(manifest, token)) {
                new ClusterReadiness(placement).awaitNodeUp(member.address("raft"), timeout);
            }
            out.printf("ok, registered (%.1f s)%n%n", (System.nanoTime() - started) / 1e9);
        } catch (RuntimeException e) {
            out.println("failed");
            System.err.println("cairn cluster add-node: " + e.getMessage());
            System.err.println("cairn cluster add-node: stopping " + member.name() + " (it stays in "
                    + ClusterManifest.FILE + "; cluster up starts it again)");
            MemberProcesses.stopAll(List.of(running), Duration.ofSeconds(20));
            return 1;
        }
        ClusterTable.print(out, manifest);
        out.printf("%nStore node %s is up; the control plane now moves replicas and leaders onto it.%n", member.name());
        out.flush();
        return 0;
    }
}
