package io.cairn.server;

import io.cairn.controlplane.client.PlacementClient;
import io.cairn.controlplane.client.PlacementClients;
import io.cairn.gateway.Gateway;
import io.cairn.gateway.GatewayConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cairn gateway}: the tenant-facing etcd gRPC + REST endpoint; always requires a credential. */
@Command(name = "gateway", mixinStandardHelpOptions = true,
        description = "Run one gateway (etcd v3 gRPC and REST on one port; API keys required).")
final class GatewayRoleCommand implements Callable<Integer> {
    static final String ROLE = "gateway";
    static final List<String> KEYS = List.of("client-port", "control-plane", "max-request-bytes", "max-txn-ops");

    @Mixin
    CommonRoleOptions common;

    @Option(names = "--client-port", description = "Port of the etcd gRPC + REST endpoint (default 2379).")
    Integer clientPort;

    @Option(names = "--control-plane", split = ",", paramLabel = "HOST:RPC_PORT",
            description = "gRPC addresses of the control-plane replicas (comma-separated).")
    List<String> controlPlane;

    @Option(names = "--max-request-bytes", description = "Largest request accepted (default 1.5 MiB, as etcd).")
    Integer maxRequestBytes;

    @Option(names = "--max-txn-ops", description = "Most operations in one txn (default 128, as etcd).")
    Integer maxTxnOps;

    @Override
    public Integer call() throws Exception {
        RoleSettings s = common.settings(ROLE, KEYS);
        String host = common.host(s);
        int port = s.port("client-port", clientPort, 2379);
        List<String> cp = s.addresses("control-plane", controlPlane).stream().map(HostPort::toString).toList();
        String name = common.name(s, "gateway-" + port);
        Path dataDir = common.dataDir(s, name);
        String token = common.clusterToken(s);
        GatewayConfig config = new GatewayConfig(host, port, false, DevTenant.NAME,
                s.integer("max-request-bytes", maxRequestBytes, GatewayConfig.DEFAULT_MAX_REQUEST_BYTES),
                s.integer("max-txn-ops", maxTxnOps, GatewayConfig.DEFAULT_MAX_TXN_OPS),
                GatewayConfig.DEFAULT_WATCH_PROGRESS_NOTIFY_INTERVAL, token);
        if (!PortCheck.isFree(new HostPort(host, port))) {
            throw new ConfigException(new HostPort(host, port)
                    + " is already in use (another gateway or etcd?); choose another with --client-port");
        }
        return RoleProcess.serve(ROLE, name, dataDir, () -> {
            PlacementClient placement = PlacementClients.connect(cp, token);
            try {
                Gateway gateway = Gateway.start(config, placement);
                AutoCloseable both = () -> {
                    gateway.close();
                    placement.close();
                };
                return new RoleProcess.Running(both, "client=" + new HostPort(host, gateway.port()));
            } catch (RuntimeException e) {
                placement.close();
                throw e;
            }
        });
    }
}
