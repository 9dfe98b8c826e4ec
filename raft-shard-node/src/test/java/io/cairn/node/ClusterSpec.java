package io.cairn.node;

import com.google.protobuf.ByteString;
import io.cairn.api.meta.NodeDescriptor;
import io.cairn.api.meta.Replica;
import io.cairn.api.meta.ShardDescriptor;
import io.cairn.api.meta.ShardEpoch;
import io.cairn.testkit.FreePorts;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

/**
 * A fixed test cluster: nodes 1..n on free loopback ports, shards 1..m where shard i holds
 * tenant i's keys and has a replica on every node. Encodes to and from a program argument
 * so child processes see the same cluster.
 */
record ClusterSpec(List<NodeSpec> nodes, int shardCount, int electionTimeoutMs, int snapshotIntervalSecs) {
    static final ShardEpoch EPOCH = ShardEpoch.newBuilder().setConfVer(1).setVersion(1).build();

    record NodeSpec(long id, int raftPort, int rpcPort) {
        String raftAddress() {
            return "127.0.0.1:" + raftPort;
        }

        String rpcAddress() {
            return "127.0.0.1:" + rpcPort;
        }
    }

    static ClusterSpec create(int nodeCount, int shardCount, int electionTimeoutMs, int snapshotIntervalSecs) {
        List<NodeSpec> nodes = new ArrayList<>();
        for (long id = 1; id <= nodeCount; id++) {
            nodes.add(new NodeSpec(id, FreePorts.next(), FreePorts.next()));
        }
        return new ClusterSpec(nodes, shardCount, electionTimeoutMs, snapshotIntervalSecs);
    }

    NodeSpec node(long id) {
        return nodes.get((int) id - 1);
    }

    List<NodeDescriptor> nodeDescriptors() {
        return nodes.stream().map(n -> NodeDescriptor.newBuilder().setId(n.id())
                .setRaftAddress(n.raftAddress()).setRpcAddress(n.rpcAddress()).build()).toList();
    }

    List<ShardDescriptor> shardDescriptors() {
        return LongStream.rangeClosed(1, shardCount).mapToObj(id -> {
            ShardDescriptor.Builder shard = ShardDescriptor.newBuilder().setId(id)
                    .setStartKey(tenantPrefix(id)).setEndKey(tenantPrefix(id + 1)).setEpoch(EPOCH);
            nodes.forEach(n -> shard.addReplicas(Replica.newBuilder().setNodeId(n.id())));
            return shard.build();
        }).toList();
    }

    /** Starts node {@code nodeId} of this cluster in this JVM. */
    StoreNode startNode(long nodeId, Path dataDir, StaticPlacement placement) {
        return StoreNode.start(config(nodeId, dataDir), placement);
    }

    StaticPlacement placement() {
        return new StaticPlacement(nodeDescriptors(), shardDescriptors());
    }

    StoreNodeConfig config(long nodeId, Path dataDir) {
        NodeSpec n = node(nodeId);
        return new StoreNodeConfig(dataDir, "127.0.0.1", n.raftPort(), n.rpcPort(), List.of(), "test-token",
                Map.of(), electionTimeoutMs, snapshotIntervalSecs);
    }

    /** Internal key of {@code key} for tenant {@code tenant}: shard {@code tenant} holds it. */
    static ByteString key(long tenant, String key) {
        return tenantPrefix(tenant).concat(ByteString.copyFromUtf8(key));
    }

    static ByteString tenantPrefix(long tenant) {
        return ByteString.copyFrom(ByteBuffer.allocate(8).putLong(tenant).array());
    }

    String encode() {
        StringBuilder s = new StringBuilder().append(shardCount).append(';').append(electionTimeoutMs)
                .append(';').append(snapshotIntervalSecs);
        nodes.forEach(n -> s.append(';').append(n.id()).append(',').append(n.raftPort()).append(',').append(n.rpcPort()));
        return s.toString();
    }

    static ClusterSpec decode(String encoded) {
        String[] parts = encoded.split(";");
        List<NodeSpec> nodes = Arrays.stream(parts).skip(3).map(p -> p.split(","))
                .map(p -> new NodeSpec(Long.parseLong(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2])))
                .toList();
        return new ClusterSpec(nodes, Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
    }
}
