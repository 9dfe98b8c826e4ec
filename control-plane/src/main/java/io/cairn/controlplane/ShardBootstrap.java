package io.cairn.controlplane;

import com.google.protobuf.ByteString;
import io.cairn.api.meta.Replica;
import io.cairn.api.meta.ShardDescriptor;
import io.cairn.api.meta.ShardEpoch;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The initial shards of a new cluster: n split keys give n+1 shards covering the whole
 * keyspace (ids 1..n+1, epoch {1,1}), each with {@code replicas} replicas on distinct nodes,
 * spread round-robin over the nodes in id order.
 */
final class ShardBootstrap {
    private ShardBootstrap() {
    }

    /** Empty when fewer than {@code replicas} nodes are up (or replicas is 0). */
    static List<ShardDescriptor> plan(List<ByteString> splitKeys, int replicas, List<Long> upNodeIds) {
        if (replicas <= 0 || upNodeIds.size() < replicas) {
            return List.of();
        }
        TreeSet<ByteString> sorted = new TreeSet<>(KeyOrder.COMPARATOR);
        splitKeys.stream().filter(k -> !k.isEmpty()).forEach(sorted::add);
        List<ByteString> bounds = new ArrayList<>();
        bounds.add(ByteString.EMPTY);
        bounds.addAll(sorted);
        bounds.add(ByteString.EMPTY);
        List<Long> nodes = upNodeIds.stream().sorted().toList();
        List<ShardDescriptor> shards = new ArrayList<>();
        for (int i = 0; i + 1 < bounds.size(); i++) {
            ShardDescriptor.Builder shard = ShardDescriptor.newBuilder()
                    .setId(i + 1)
                    .setStartKey(bounds.get(i))
                    .setEndKey(bounds.get(i + 1))
                    .setEpoch(ShardEpoch.newBuilder().setConfVer(1).setVersion(1));
            for (int j = 0; j < replicas; j++) {
                shard.addReplicas(Replica.newBuilder().setNodeId(nodes.get((i + j) % nodes.size())));
            }
            shards.add(shard.build());
        }
        return shards;
    }
}
