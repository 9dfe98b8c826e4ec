package io.cairn.server;

import io.cairn.api.placement.ControlPlaneMember;
import io.cairn.api.placement.ControlPlaneStatusResponse;
import io.cairn.controlplane.client.PlacementClient;
import io.cairn.controlplane.client.PlacementClients;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cairn cluster up}: a whole cluster on loopback as separate processes (3 control-plane
 * replicas, N store nodes, G gateways), each started with the same role command a user would
 * run. On a directory that already holds a cluster it starts again whatever is not running,
 * with the same data and ports.
 */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = "Start a local multi-process cluster on 127.0.0.1 (or restart the one in --data-dir).")
final class ClusterUpCommand implements Callable<Integer> {
    static final int CONTROL_PLANES = 3;

    @Option(names = "--nodes", defaultValue = "3", description = "Store nodes (default: ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--gateways", defaultValue = "1", description = "Gateways (default: ${DEFAULT-VALUE}).")
    int gateways;

    @Option(names = "--data-dir", defaultValue = "./cairn-cluster", description = "Cluster directory (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--base-port", defaultValue = "2379",
            description = "First gateway's port; the other ports follow it (default: ${DEFAULT-VALUE}).")
    int basePort;

    @Option(names = "--shards", defaultValue = "4", description = "Initial shards (default: ${DEFAULT-VALUE}).")
    int shards;

    @Option(names = "--split-keys", description = "Control plane: split a shard holding more keys (default: 1000000).")
    Long splitKeys;

    @Option(names = "--split-size-bytes", description = "Control plane: split a shard holding more bytes (default: 96 MiB).")
    Long splitSizeBytes;

    @Option(names = "--election-timeout-ms", defaultValue = "1000", description = "Raft election timeout (default: ${DEFAULT-VALUE}).")
    int electionTimeoutMs;

    @Option(names = "--jvm-opts", defaultValue = "-Xms64m -Xmx512m -XX:+UseSerialGC",
            description = "JVM options of every process (default: ${DEFAULT-VALUE}).")
    String jvmOpts;

    @Option(names = "--raft-proxy-ports", description = "Node i advertises the Raft port base+ports+i (the first "
            + "port after the layout) and expects a proxy there forwarding to its raft port (robustness suite).")
    boolean raftProxyPorts;

    @Option(names = "--timeout-secs", defaultValue = "120", description = "How long each step may take (default: ${DEFAULT-VALUE}).")
    int timeoutSecs;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        long started = System.nanoTime();
        Path dir = dataDir.toAbsolutePath().normalize();
        Files.createDirectories(dir.resolve("logs"));
        Logging.init(dir.resolve("logs"));
        DevDataDir files = new DevDataDir(dir);
        String token = files.clusterToken();
        Optional<ClusterManifest> existing = ClusterManifest.read(dir);
        ClusterManifest manifest;
        if (existing.isPresent()) {
            manifest = existing.get();
            out.printf("cairn cluster: %s holds a cluster of %d processes; starting what is not running"
                    + " (its layout is kept: --nodes, --gateways, --base-port and --shards apply to new clusters)%n",
                    dir, manifest.members().size());
        } else {
            if (nodes < 1 || gateways < 1) {
                throw new ConfigException("--nodes and --gateways must be at least 1");
            }
            ClusterPlan plan = new ClusterPlan(dir, "127.0.0.1", basePort, CONTROL_PLANES, nodes, gateways,
                    shards, electionTimeoutMs, jvmOpts, cairnHome(), controlPlaneSettings(), raftProxyPorts);
            for (int port = basePort; port < basePort + plan.portCount(); port++) {
                if (!PortCheck.isFree(new HostPort("127.0.0.1", port))) {
                    throw new ConfigException("port " + port + " is in use; the cluster needs ports "
                            + basePort + ".." + (basePort + plan.portCount() - 1) + ": choose another --base-port");
                }
            }
            manifest = plan.manifest(dir.resolve("cluster-token"), dir.resolve("dev-api-key"));
            manifest.write(dir);
            out.printf("cairn cluster: starting %d control-plane replicas, %d store nodes, %d gateway(s) in %s%n",
                    CONTROL_PLANES, nodes, gateways, dir);
        }
        ClusterStarter starter = new ClusterStarter(dir, manifest, Duration.ofSeconds(timeoutSecs), out);
        String apiKey;
        try {
            apiKey = starter.start(token, files);
        } catch (RuntimeException e) {
            out.println("failed");
            System.err.println("cairn cluster up: " + e.getMessage());
            System.err.println("cairn cluster up: stopping the processes started now; logs are in " + dir + "/*/logs");
            starter.stopStarted();
            return 1;
        }
        manifest = starter.manifest();
        out.println();
        ClusterTable.print(out, manifest);
        out.printf("%nCairn cluster is ready in %.1f s.%n", (System.nanoTime() - started) / 1e9);
        List<String> endpoints = manifest.addresses(GatewayRoleCommand.ROLE, "client");
        out.printf("  endpoints: %s (etcd v3 gRPC and REST)%n", String.join(",", endpoints));
        out.printf("  tenant: %s%n", DevTenant.NAME);
        out.printf("  api-key: %s%n", apiKey);
        out.printf("  cluster.json: %s%n", dir.resolve(ClusterManifest.FILE));
        out.println();
        out.printf("  etcdctl --endpoints=%s --user %s:%s put name wuuu%n", String.join(",", endpoints), DevTenant.NAME, apiKey);
        out.printf("  bin/cairn cluster down --data-dir %s%n", dir);
        out.flush();
        return 0;
    }

    private Map<String, Object> controlPlaneSettings() {
        Map<String, Object> settings = new LinkedHashMap<>();
        if (splitKeys != null) {
            settings.put("split-keys", splitKeys);
        }
        if (splitSizeBytes != null) {
            settings.put("split-size-bytes", splitSizeBytes);
        }
        return settings;
    }

    /** The repository (or install) root, where bin/cairn lives; set by bin/cairn. */
    static Path cairnHome() {
        String home = System.getProperty("cairn.home");
        if (home == null || !Files.isExecutable(Path.of(home, "bin", "cairn"))) {
            throw new ConfigException("cannot find bin/cairn (system property cairn.home is '"
                    + home + "'); run it through bin/cairn");
        }
        return Path.of(home).toAbsolutePath().normalize();
    }

    static String leaderName(ClusterManifest manifest, ControlPlaneStatusResponse status) {
        String raft = status.getMembersList().stream().filter(ControlPlaneMember::getLeader)
                .map(ControlPlaneMember::getRaftAddress).findFirst().orElse("");
        return manifest.byRole(ControlPlaneRoleCommand.ROLE).stream().filter(m -> m.address("raft").equals(raft))
                .map(ClusterMember::name).findFirst().orElse(raft);
    }

    static List<String> names(List<ClusterMember> members) {
        return new ArrayList<>(members.stream().map(ClusterMember::name).toList());
    }

    static PlacementClient connect(ClusterManifest manifest, String token) {
        return PlacementClients.connect(manifest.addresses(ControlPlaneRoleCommand.ROLE, "rpc"), token);
    }
}
