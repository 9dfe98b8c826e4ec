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
 */
public record StoreNodeConfig(
        Path dataDir,
        String host,
        int raftPort,
        int rpcPort,
        List<String> controlPlaneAddresses,
        String clusterToken,
        Map<String, String> labels,
        int electionTimeoutMs) {
}
