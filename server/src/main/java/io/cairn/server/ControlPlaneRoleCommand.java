package io.cairn.server;

import io.cairn.controlplane.ControlPlane;
import io.cairn.controlplane.ControlPlaneConfig;
import io.cairn.controlplane.SchedulingConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cairn control-plane}: one replica of the control plane's Raft group. */
@Command(name = "control-plane", mixinStandardHelpOptions = true,
        description = "Run one control-plane replica (a member of the control plane's Raft group).")
final class ControlPlaneRoleCommand implements Callable<Integer> {
    static final String ROLE = "control-plane";
    static final List<String> KEYS = List.of("raft-port", "rpc-port", "peers", "shards", "shard-replicas",
            "node-down-timeout-ms", "merge-delay-ms", "split-keys", "split-size-bytes");

    @Mixin
    CommonRoleOptions common;

    @Option(names = "--raft-port", description = "Raft port of this replica (peer traffic).")
    Integer raftPort;

    @Option(names = "--rpc-port", description = "gRPC port (Placement, Admin) used by nodes, gateways and admins.")
    Integer rpcPort;

    @Option(names = "--peers", split = ",", paramLabel = "HOST:RAFT_PORT",
            description = "Raft addresses of all control-plane replicas, this one included (comma-separated).")
    List<String> peers;

    @Option(names = "--shards", description = "Initial shards, split at tenant boundaries (first start only; default 4).")
    Integer shards;

    @Option(names = "--shard-replicas", description = "Replicas per shard (default 3).")
    Integer shardReplicas;

    @Option(names = "--node-down-timeout-ms", description = "A store node silent this long is marked down (default 30000).")
    Long nodeDownTimeoutMs;

    @Option(names = "--merge-delay-ms", description = "Small adjacent shards merge only when both were created, "
            + "split or merged longer ago than this; 0 turns merging off (default 600000).")
    Long mergeDelayMs;

    @Option(names = "--split-keys", description = "A shard whose leader reports more keys is split (default 1000000).")
    Long splitKeys;

    @Option(names = "--split-size-bytes", description = "A shard whose leader reports more bytes is split (default 96 MiB).")
    Long splitSizeBytes;

    @Override
    public Integer call() throws Exception {
        RoleSettings s = common.settings(ROLE, KEYS);
        String host = common.host(s);
        int raft = s.port("raft-port", raftPort, 0);
        int rpc = s.port("rpc-port", rpcPort, 0);
        String self = new HostPort(host, raft).toString();
        List<String> peerList = s.addresses("peers", peers).stream().map(HostPort::toString).toList();
        if (!peerList.contains(self)) {
            throw new ConfigException("peers " + peerList + " must include this replica's raft address " + self);
        }
        String name = common.name(s, "cp-" + raft);
        Path dataDir = common.dataDir(s, name);
        int replicas = s.integer("shard-replicas", shardReplicas, 3);
        if (replicas < 1) {
            throw new ConfigException("shard-replicas must be at least 1, got " + replicas);
        }
        long downMs = Long.parseLong(s.string("node-down-timeout-ms",
                nodeDownTimeoutMs == null ? null : nodeDownTimeoutMs.toString(),
                Long.toString(ControlPlaneConfig.DEFAULT_NODE_DOWN_TIMEOUT_MS)));
        long mergeDelay = Long.parseLong(s.string("merge-delay-ms",
                mergeDelayMs == null ? null : mergeDelayMs.toString(),
                Long.toString(SchedulingConfig.DEFAULT_MERGE_DELAY_MS)));
        if (mergeDelay < 0) {
            throw new ConfigException("merge-delay-ms must not be negative, got " + mergeDelay);
        }
        ControlPlaneConfig config = new ControlPlaneConfig(dataDir.resolve("raft"), host, raft, rpc, peerList,
                replicas, SplitKeys.atTenantBoundaries(s.integer("shards", shards, 4)),
                common.clusterToken(s), common.electionTimeoutMs(s), downMs, scheduling(s, mergeDelay));
        return RoleProcess.serve(ROLE, name, dataDir, () -> {
            ControlPlane cp = ControlPlane.start(config);
            return new RoleProcess.Running(cp, "raft=" + self + " rpc=" + cp.rpcAddress() + " peers=" + peerList.size());
        });
    }

    private SchedulingConfig scheduling(RoleSettings s, long mergeDelay) {
        SchedulingConfig defaults = SchedulingConfig.defaults();
        long keys = s.positiveLong("split-keys", splitKeys, defaults.splitKeys());
        long bytes = s.positiveLong("split-size-bytes", splitSizeBytes, defaults.splitSizeBytes());
        return defaults.withSplit(bytes, keys)
                .withMerge(mergeDelay > 0, defaults.mergeSizeBytes(), defaults.mergeKeys(), mergeDelay);
    }
}
