package io.cairn.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cairn cluster down}: stops every process of the cluster in --data-dir (gateways, nodes, control plane). */
@Command(name = "down", mixinStandardHelpOptions = true,
        description = "Stop the local cluster in --data-dir (SIGTERM, then SIGKILL after --grace-secs). Data is kept.")
final class ClusterDownCommand implements Callable<Integer> {

    @Option(names = "--data-dir", defaultValue = "./cairn-cluster", description = "Cluster directory (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--grace-secs", defaultValue = "20", description = "Seconds to wait after SIGTERM (default: ${DEFAULT-VALUE}).")
    int graceSecs;

    @Override
    public Integer call() throws Exception {
        Path dir = dataDir.toAbsolutePath().normalize();
        ClusterManifest manifest = ClusterManifest.read(dir).orElseThrow(() ->
                new ConfigException("no " + ClusterManifest.FILE + " in " + dir));
        int stopped = 0;
        for (String role : List.of(GatewayRoleCommand.ROLE, NodeRoleCommand.ROLE, ControlPlaneRoleCommand.ROLE)) {
            List<String> names = MemberProcesses.stopAll(manifest.byRole(role), Duration.ofSeconds(graceSecs));
            if (!names.isEmpty()) {
                System.out.printf("  stopped %s%n", String.join(" ", names));
            }
            stopped += names.size();
        }
        for (ClusterMember member : manifest.members()) {
            manifest = manifest.with(member.withPid(0));
        }
        manifest.write(dir);
        System.out.printf("cairn cluster: %d process(es) stopped; data kept in %s%n", stopped, dir);
        return 0;
    }
}
