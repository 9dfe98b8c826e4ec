package io.cairn.server;

import io.cairn.controlplane.client.PlacementClient;
import io.cairn.controlplane.client.PlacementClients;
import io.cairn.node.StoreNode;
import io.cairn.node.StoreNodeConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cairn node}: one store node hosting the shard replicas the control plane assigns. */
@Command(name = "node", mixinStandardHelpOptions = true,
        description = "Run one store node (hosts shard replicas; registers with the control plane).")
final class NodeRoleCommand implements Callable<Integer> {
    static final String ROLE = "node";
    static final List<String> KEYS = List.of("raft-port", "rpc-port", "control-plane", "labels",
            "snapshot-interval-secs", "advertise-raft-port");

    @Mixin
    CommonRoleOptions common;

    @Option(names = "--raft-port", description = "Raft port shared by all shard replicas of this node.")
    Integer raftPort;

    @Option(names = "--rpc-port", description = "gRPC port of the ShardKv service (gateway traffic).")
    Integer rpcPort;

    @Option(names = "--control-plane", split = ",", paramLabel = "HOST:RPC_PORT",
            description = "gRPC addresses of the control-plane replicas (comma-separated).")
    List<String> controlPlane;

    @Option(names = "--label", paramLabel = "KEY=VALUE", description = "Placement label, e.g. zone=z1 (repeatable).")
    Map<String, String> labels;

    @Option(names = "--snapshot-interval-secs", description = "How often each shard snapshots and trims its log (default 3600).")
    Integer snapshotIntervalSecs;

    @Option(names = "--advertise-raft-port", description = "Raft port peers are told to use when another port "
            + "forwards to --raft-port, e.g. a fault-injecting proxy (default: the raft port).")
    Integer advertiseRaftPort;

    @Override
    public Integer call() throws Exception {
        RoleSettings s = common.settings(ROLE, KEYS);
        String host = common.host(s);
        int raft = s.port("raft-port", raftPort, 0);
        int rpc = s.port("rpc-port", rpcPort, 0);
        int advertised = s.integer("advertise-raft-port", advertiseRaftPort, 0) == 0 ? 0
                : s.port("advertise-raft-port", advertiseRaftPort, 0);
        List<String> cp = s.addresses("control-plane", controlPlane).stream().map(HostPort::toString).toList();
        String name = common.name(s, "node-" + raft);
        Path dataDir = common.dataDir(s, name);
        String token = common.clusterToken(s);
        StoreNodeConfig config = new StoreNodeConfig(dataDir.resolve("store"), host, raft, rpc, cp, token,
                s.labels("labels", labels), common.electionTimeoutMs(s),
                s.integer("snapshot-interval-secs", snapshotIntervalSecs, StoreNodeConfig.DEFAULT_SNAPSHOT_INTERVAL_SECS),
                advertised);
        return RoleProcess.serve(ROLE, name, dataDir, () -> {
            PlacementClient placement = PlacementClients.connect(cp, token);
            try {
                StoreNode node = StoreNode.start(config, placement);
                AutoCloseable both = () -> {
                    node.close();
                    placement.close();
                };
                return new RoleProcess.Running(both, "id=" + node.nodeId() + " raft=" + config.raftAddress()
                        + " rpc=" + node.rpcAddress() + " labels=" + config.labels(), node.removed());
            } catch (RuntimeException e) {
                placement.close();
                throw e;
            }
        });
    }
}
