package io.cairn.controlplane;

import java.nio.file.Path;
import java.util.List;

/**
 * Configuration of one control-plane replica.
 *
 * @param dataDir where its Raft log, meta and snapshots live
 * @param host address to bind and advertise (127.0.0.1 in tests)
 * @param raftPort JRaft RPC port of this replica
 * @param rpcPort gRPC port serving Placement and Admin
 * @param peers raft addresses (host:port) of all control-plane replicas, this one included
 * @param shardReplicas replicas per shard (1 in dev, 3 in a cluster)
 * @param initialSplitKeys internal keys at which the initial shards are split when the
 *     cluster is bootstrapped (n keys give n+1 shards)
 * @param clusterToken shared secret nodes, gateways and admins present on internal calls
 * @param electionTimeoutMs Raft election timeout
 * @param nodeDownTimeoutMs a node not heard from for this long is marked down
 * @param scheduling how operators are scheduled (repair, split, merge, balance)
 */
public record ControlPlaneConfig(
        Path dataDir,
        String host,
        int raftPort,
        int rpcPort,
        List<String> peers,
        int shardReplicas,
        List<byte[]> initialSplitKeys,
        String clusterToken,
        int electionTimeoutMs,
        long nodeDownTimeoutMs,
        SchedulingConfig scheduling) {

    public static final int DEFAULT_ELECTION_TIMEOUT_MS = 1000;
    public static final long DEFAULT_NODE_DOWN_TIMEOUT_MS = 30_000;

    public ControlPlaneConfig {
        peers = List.copyOf(peers);
        initialSplitKeys = List.copyOf(initialSplitKeys);
        if (nodeDownTimeoutMs <= 0) {
            nodeDownTimeoutMs = DEFAULT_NODE_DOWN_TIMEOUT_MS;
        }
        if (scheduling == null) {
            scheduling = SchedulingConfig.defaults();
        }
    }

    /** As the canonical constructor, with the default scheduling configuration. */
    public ControlPlaneConfig(Path dataDir, String host, int raftPort, int rpcPort, List<String> peers,
            int shardReplicas, List<byte[]> initialSplitKeys, String clusterToken, int electionTimeoutMs,
            long nodeDownTimeoutMs) {
        this(dataDir, host, raftPort, rpcPort, peers, shardReplicas, initialSplitKeys, clusterToken,
                electionTimeoutMs, nodeDownTimeoutMs, SchedulingConfig.defaults());
    }

    public ControlPlaneConfig withScheduling(SchedulingConfig value) {
        return new ControlPlaneConfig(dataDir, host, raftPort, rpcPort, peers, shardReplicas, initialSplitKeys,
                clusterToken, electionTimeoutMs, nodeDownTimeoutMs, value);
    }

    /** As the canonical constructor, with the default node-down timeout. */
    public ControlPlaneConfig(Path dataDir, String host, int raftPort, int rpcPort, List<String> peers,
            int shardReplicas, List<byte[]> initialSplitKeys, String clusterToken, int electionTimeoutMs) {
        this(dataDir, host, raftPort, rpcPort, peers, shardReplicas, initialSplitKeys, clusterToken,
                electionTimeoutMs, DEFAULT_NODE_DOWN_TIMEOUT_MS, SchedulingConfig.defaults());
    }
}
