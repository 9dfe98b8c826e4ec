package io.cairn.server;

import io.cairn.controlplane.ControlPlane;
import io.cairn.controlplane.ControlPlaneConfig;
import io.cairn.controlplane.client.PlacementClient;
import io.cairn.controlplane.client.PlacementClients;
import io.cairn.gateway.Gateway;
import io.cairn.gateway.GatewayConfig;
import io.cairn.node.StoreNode;
import io.cairn.node.StoreNodeConfig;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cairn dev}: control plane + one store node + gateway in one JVM, one replica each,
 * like unzipping etcd and running {@code ./etcd}.
 */
@Command(name = "dev", mixinStandardHelpOptions = true,
        description = "Run control plane, store node and gateway in one process (the embedded default).")
final class DevCommand implements Callable<Integer> {

    @Option(names = "--data-dir", defaultValue = "./cairn-data",
            description = "Where all data lives (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--listen", defaultValue = "127.0.0.1:2379",
            description = "HOST:PORT of the etcd gRPC + REST endpoint (default: ${DEFAULT-VALUE}).")
    String listen;

    @Option(names = "--shards", defaultValue = "4",
            description = "Initial shards, split at tenant boundaries (first start only; default: ${DEFAULT-VALUE}).")
    int shards;

    @Option(names = "--split-at", paramLabel = "TENANT_ID[:KEY]",
            description = "Explicit initial split point (repeatable, first start only); replaces --shards.")
    List<String> splitAt = new ArrayList<>();

    @Option(names = "--require-auth",
            description = "Refuse requests without a credential, even from loopback (off by default in dev).")
    boolean requireAuth;

    @Option(names = "--election-timeout-ms", defaultValue = "1000",
            description = "Raft election timeout of every group (default: ${DEFAULT-VALUE}).")
    int electionTimeoutMs;

    @Option(names = "--watch-progress-notify-interval-ms", defaultValue = "600000",
            description = "How often an idle watch with progress_notify hears the current revision "
                    + "(etcd: 10 min; default: ${DEFAULT-VALUE}).")
    long watchProgressNotifyMs;

    @Option(names = "--snapshot-interval-secs", defaultValue = "3600",
            description = "How often each shard snapshots its state and trims its Raft log (default: ${DEFAULT-VALUE}).")
    int snapshotIntervalSecs;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        HostPort endpoint = HostPort.parse(listen);
        Path root = dataDir.toAbsolutePath().normalize();
        Files.createDirectories(root);
        DevDataDir dir = new DevDataDir(root);
        Files.createDirectories(dir.logDir());
        Logging.init(dir.logDir());
        List<byte[]> splits = splitAt.isEmpty()
                ? SplitKeys.atTenantBoundaries(shards)
                : splitAt.stream().map(SplitKeys::parse).toList();

        if (!PortCheck.isFree(endpoint)) {
            System.err.printf("cairn dev: %s is already in use (another cairn or etcd?); choose another with --listen%n", endpoint);
            return 1;
        }
        long started = System.nanoTime();
        String host = endpoint.host();
        DevDataDir.InternalPorts ports = dir.internalPorts(host);
        String token = dir.clusterToken();
        out.printf("cairn dev: data in %s%n", root);

        DevStack stack = new DevStack();
        String apiKey;
        Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "cairn-shutdown"));
        try {
            out.print("  starting control plane ... ");
            stack.controlPlane = ControlPlane.start(new ControlPlaneConfig(
                    dir.controlPlaneDir(), host, ports.controlPlaneRaft(), ports.controlPlaneRpc(),
                    List.of(host + ":" + ports.controlPlaneRaft()), 1, splits, token, electionTimeoutMs));
            // The node's and gateway's TSO calls go straight to the in-process oracle while it leads.
            stack.placement = PlacementClients.withLocalOracle(
                    PlacementClients.connect(List.of(stack.controlPlane.rpcAddress()), token),
                    stack.controlPlane::allocateRevisions);
            out.println("ok");

            out.print("  starting store node ... ");
            stack.node = StoreNode.start(new StoreNodeConfig(
                    dir.nodeDir(), host, ports.nodeRaft(), ports.nodeRpc(),
                    List.of(stack.controlPlane.rpcAddress()), token, Map.of(), electionTimeoutMs,
                    snapshotIntervalSecs),
                    stack.placement);
            int leaders = new ShardReadiness(stack.placement).awaitLeaders(java.time.Duration.ofSeconds(60));
            out.printf("ok (%d shards, all with a leader)%n", leaders);

            apiKey = new DevTenant(stack.placement, dir).ensure();

            out.print("  starting gateway ... ");
            stack.gateway = Gateway.start(new GatewayConfig(host, endpoint.port(), !requireAuth, DevTenant.NAME,
                    GatewayConfig.DEFAULT_MAX_REQUEST_BYTES, GatewayConfig.DEFAULT_MAX_TXN_OPS,
                    java.time.Duration.ofMillis(watchProgressNotifyMs), token), stack.placement);
            out.println("ok");
        } catch (RuntimeException e) {
            out.println("failed");
            System.err.println("cairn dev: " + e.getMessage());
            System.err.println("cairn dev: logs are in " + dir.logDir());
            stack.close();
            return 1;
        }
        HostPort bound = new HostPort(host, stack.gateway.port());
        printReady(out, bound, root, apiKey, (System.nanoTime() - started) / 1_000_000);
        new CountDownLatch(1).await();
        return 0;
    }

    private static void printReady(PrintStream out, HostPort endpoint, Path root, String apiKey, long millis) {
        out.printf("%nCairn is ready in %.1f s.%n", millis / 1000.0);
        out.printf("  endpoint: %s (etcd v3 gRPC and REST)%n", endpoint);
        out.printf("  tenant: %s%n", DevTenant.NAME);
        out.printf("  api-key: %s%n", apiKey);
        out.printf("  data-dir: %s%n", root);
        out.println();
        out.println("Connect:");
        out.printf("  etcdctl --endpoints=%s put name wuuu      # dev mode: loopback needs no key%n", endpoint);
        out.printf("  etcdctl --endpoints=%s --user %s:%s get name%n", endpoint, DevTenant.NAME, apiKey);
        out.printf("  curl -s -H 'Authorization: Bearer %s' http://%s/v1/kv/name%n", apiKey, endpoint);
        out.println("Press Ctrl-C to stop.");
        out.flush();
    }
}
