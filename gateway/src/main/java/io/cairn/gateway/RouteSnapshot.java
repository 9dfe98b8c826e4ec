package io.cairn.gateway;

import com.google.protobuf.ByteString;
import io.cairn.api.meta.NodeDescriptor;
import io.cairn.api.meta.Replica;
import io.cairn.api.meta.RouteTable;
import io.cairn.api.meta.ShardRoute;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable view of one route table version: shards sorted by start key, node addresses.
 * Leader hints from store nodes produce a new snapshot; nothing here is ever mutated.
 */
final class RouteSnapshot {
    private static final Comparator<ByteString> ORDER = ByteString.unsignedLexicographicalComparator();
    static final RouteSnapshot EMPTY = new RouteSnapshot(RouteTable.getDefaultInstance());

    private final RouteTable table;
    private final List<ShardRoute> shards;
    private final Map<Long, String> nodeAddresses;
    private final long highestTerm;

    RouteSnapshot(RouteTable table) {
        this.table = table;
        List<ShardRoute> sorted = new ArrayList<>(table.getShardsList());
        sorted.sort(Comparator.comparing(r -> r.getShard().getStartKey(), ORDER));
        this.shards = List.copyOf(sorted);
        Map<Long, String> addresses = new HashMap<>();
        for (NodeDescriptor node : table.getNodesList()) {
            addresses.put(node.getId(), node.getRpcAddress());
        }
        this.nodeAddresses = Map.copyOf(addresses);
        this.highestTerm = table.getShardsList().stream().mapToLong(ShardRoute::getTerm).max().orElse(0);
    }

    long version() {
        return table.getVersion();
    }

    long clusterId() {
        return table.getClusterId();
    }

    /** The highest shard leader term in this table (0 if none is known). */
    long highestTerm() {
        return highestTerm;
    }

    RouteTable table() {
        return table;
    }

    /** The shard whose {@code [start, end)} holds {@code key}. */
    Optional<ShardRoute> shardFor(ByteString key) {
        int lo = 0;
        int hi = shards.size() - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (ORDER.compare(shards.get(mid).getShard().getStartKey(), key) <= 0) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        if (found < 0) {
            return Optional.empty();
        }
        ShardRoute route = shards.get(found);
        ByteString end = route.getShard().getEndKey();
        return end.isEmpty() || ORDER.compare(key, end) < 0 ? Optional.of(route) : Optional.empty();
    }

    /** Shards overlapping {@code [start, end)}, in key order; {@code end} is concrete. */
    List<ShardRoute> overlapping(ByteString start, ByteString end) {
        List<ShardRoute> result = new ArrayList<>();
        for (ShardRoute route : shards) {
            ByteString shardStart = route.getShard().getStartKey();
            ByteString shardEnd = route.getShard().getEndKey();
            boolean startsBeforeEnd = ORDER.compare(shardStart, end) < 0;
            boolean endsAfterStart = shardEnd.isEmpty() || ORDER.compare(shardEnd, start) > 0;
            if (startsBeforeEnd && endsAfterStart) {
                result.add(route);
            }
        }
        return result;
    }

    /** Address of the node to send a shard's requests to: its leader, or a voter to ask. */
    Optional<String> targetAddress(ShardRoute route) {
        if (route.getLeaderNodeId() != 0 && nodeAddresses.containsKey(route.getLeaderNodeId())) {
            return Optional.of(nodeAddresses.get(route.getLeaderNodeId()));
        }
        return route.getShard().getReplicasList().stream()
                .filter(r -> !r.getLearner())
                .map(Replica::getNodeId)
                .filter(nodeAddresses::containsKey)
                .map(nodeAddresses::get)
                .findFirst();
    }

    /** A snapshot where {@code shardId} is led by {@code nodeId} at {@code address}. */
    RouteSnapshot withLeader(long shardId, long nodeId, String address) {
        RouteTable.Builder b = table.toBuilder();
        for (int i = 0; i < b.getShardsCount(); i++) {
            if (b.getShards(i).getShard().getId() == shardId) {
                b.setShards(i, b.getShards(i).toBuilder().setLeaderNodeId(nodeId));
            }
        }
        if (!address.isEmpty() && !address.equals(nodeAddresses.get(nodeId))) {
            b.getNodesList().stream().filter(n -> n.getId() == nodeId).findFirst()
                    .ifPresent(n -> b.removeNodes(b.getNodesList().indexOf(n)));
            b.addNodes(NodeDescriptor.newBuilder().setId(nodeId).setRpcAddress(address));
        }
        return new RouteSnapshot(b.build());
    }
}
