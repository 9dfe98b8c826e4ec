package io.cairn.node;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Configuration of one store node.
 *
 * @param dataDir node id file, one directory per shard (Raft log, meta, snapshots, RocksDB)
 * @param host address to bind and advertise
 * @param raftPort the node's one JRaft RPC port, shared by all its shards
 * @param rpcPort the node's ShardKv gRPC port
 * @param controlPlaneAddresses gRPC addresses (host:port) of the control-plane replicas
 * @param clusterToken shared secret for control-plane calls
 * @param labels placement labels, e.g. zone
 * @param electionTimeoutMs Raft election timeout of every shard group
 * @param snapshotIntervalSecs how often every shard group snapshots its state and trims its log
 * @param advertisedRaftPort the Raft port peers are told to use (0: {@code raftPort}); another port
 *        forwards to {@code raftPort}, e.g. the robustness suite's fault proxy
 */
public record StoreNodeConfig(
        Path dataDir,
        String host,
        int raftPort,
        int rpcPort,
        List<String> controlPlaneAddresses,
        String clusterToken,
        Map<String, String> labels,
        int electionTimeoutMs,
        int snapshotIntervalSecs,
        int advertisedRaftPort) {

    /** One hour, JRaft's default. */
    public static final int DEFAULT_SNAPSHOT_INTERVAL_SECS = 3600;

    public StoreNodeConfig {
        labels = Map.copyOf(labels);
        controlPlaneAddresses = List.copyOf(controlPlaneAddresses);
        if (raftPort <= 0) {
            throw new IllegalArgumentException("raftPort must be a concrete port, got " + raftPort);
        }
        if (snapshotIntervalSecs <= 0) {
            throw new IllegalArgumentException("snapshotIntervalSecs must be positive");
        }
        if (advertisedRaftPort < 0) {
            throw new IllegalArgumentException("advertisedRaftPort must be 0 or a port, got " + advertisedRaftPort);
        }
    }

    /** The configuration advertising the port it binds. */
    public StoreNodeConfig(Path dataDir, String host, int raftPort, int rpcPort,
                           List<String> controlPlaneAddresses, String clusterToken,
                           Map<String, String> labels, int electionTimeoutMs, int snapshotIntervalSecs) {
        this(dataDir, host, raftPort, rpcPort, controlPlaneAddresses, clusterToken, labels,
                electionTimeoutMs, snapshotIntervalSecs, 0);
    }

    /** The configuration with the default snapshot interval. */
    public StoreNodeConfig(Path dataDir, String host, int raftPort, int rpcPort,
                           List<String> controlPlaneAddresses, String clusterToken,
                           Map<String, String> labels, int electionTimeoutMs) {
        this(dataDir, host, raftPort, rpcPort, controlPlaneAddresses, clusterToken, labels,
                electionTimeoutMs, DEFAULT_SNAPSHOT_INTERVAL_SECS, 0);
    }

    /** The Raft address peers reach this node at (its identity in the cluster). */
    public String raftAddress() {
        return host + ":" + (advertisedRaftPort > 0 ? advertisedRaftPort : raftPort);
    }
}
