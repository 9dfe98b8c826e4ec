package io.cairn.gateway;

import com.google.protobuf.ByteString;
import io.cairn.api.meta.NodeDescriptor;
import io.cairn.api.meta.Replica;
import io.cairn.api.meta.RouteTable;
import io.cairn.api.meta.ShardDescriptor;
import io.cairn.api.meta.ShardEpoch;
import io.cairn.api.meta.ShardRoute;
import io.cairn.api.meta.Tenant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * Store nodes and a control plane in the test JVM: the "truth" about shards and leaders,
 * which the published route table may lag behind on purpose.
 */
final class FakeCluster implements AutoCloseable {
    private static final Comparator<ByteString> ORDER = ByteString.unsignedLexicographicalComparator();

    private final FakePlacement placement = new FakePlacement();
    private final FakeKvStore store = new FakeKvStore(placement::nextRevision);
    private final Map<Long, FakeShardNode> nodes = new TreeMap<>();
    private final Map<Long, ShardDescriptor> shards = new ConcurrentHashMap<>();
    private final Map<Long, Long> leaders = new ConcurrentHashMap<>();
    final List<String> violations = new CopyOnWriteArrayList<>();

    FakeCluster(int nodeCount) {
        for (long id = 1; id <= nodeCount; id++) {
            nodes.put(id, new FakeShardNode(id, this));
        }
    }

    FakePlacement placement() {
        return placement;
    }

    FakeKvStore store() {
        return store;
    }

    FakeShardNode node(long id) {
        return nodes.get(id);
    }

    ShardDescriptor shard(long id) {
        return shards.get(id);
    }

    long leaderOf(long shardId) {
        return leaders.getOrDefault(shardId, 0L);
    }

    /** Shards 1..n split at {@code splitPoints}, every node a replica, leaders round robin; published. */
    void layout(ByteString... splitPoints) {
        shards.clear();
        leaders.clear();
        List<ByteString> bounds = new ArrayList<>();
        bounds.add(ByteString.EMPTY);
        bounds.addAll(List.of(splitPoints));
        bounds.add(ByteString.EMPTY);
        for (int i = 0; i + 1 < bounds.size(); i++) {
            long id = i + 1;
            ShardDescriptor.Builder shard = ShardDescriptor.newBuilder().setId(id)
                    .setStartKey(bounds.get(i)).setEndKey(bounds.get(i + 1))
                    .setEpoch(ShardEpoch.newBuilder().setConfVer(1).setVersion(1));
            nodes.keySet().forEach(n -> shard.addReplicas(Replica.newBuilder().setNodeId(n)));
            shards.put(id, shard.build());
            leaders.put(id, (long) (i % nodes.size()) + 1);
        }
        publish();
    }

    RouteTable table() {
        RouteTable.Builder table = RouteTable.newBuilder();
        shards.values().stream().sorted(Comparator.comparing(ShardDescriptor::getStartKey, ORDER)).forEach(s ->
                table.addShards(ShardRoute.newBuilder().setShard(s).setLeaderNodeId(leaders.get(s.getId())).setTerm(3)));
        nodes.values().forEach(n -> table.addNodes(NodeDescriptor.newBuilder().setId(n.nodeId).setRpcAddress(n.address)));
        return table.build();
    }

    void publish() {
        placement.setRoutes(table());
    }

    /** Leadership moves; the route table is not told. */
    void moveLeaderSilently(long shardId, long nodeId) {
        leaders.put(shardId, nodeId);
    }

    /** The shard's epoch changes; the control plane knows but does not push it. */
    void bumpEpochQuietly(long shardId) {
        ShardDescriptor s = shards.get(shardId);
        shards.put(shardId, s.toBuilder().setEpoch(s.getEpoch().toBuilder().setVersion(s.getEpoch().getVersion() + 1))
                .build());
        placement.setRoutesQuietly(table());
    }

    int requestCount() {
        return nodes.values().stream().mapToInt(n -> n.received.size()).sum();
    }

    /** Records a violation unless every span lies in one known tenant's space (and in the shard). */
    void checkOneTenant(List<ByteString[]> spans, ShardDescriptor shard, boolean wholeTenant) {
        Set<Long> tenantIds = placement.listTenants().stream().map(Tenant::getId).collect(Collectors.toSet());
        Set<ByteString> prefixes = new java.util.HashSet<>();
        for (ByteString[] span : spans) {
            ByteString key = span[0];
            ByteString end = span[1];
            if (key.size() < 8) {
                violations.add("key shorter than a tenant prefix: " + key);
                continue;
            }
            ByteString prefix = key.substring(0, 8);
            long tenant = prefix.asReadOnlyByteBuffer().getLong();
            prefixes.add(prefix);
            if (!tenantIds.contains(tenant)) {
                violations.add("key of unknown tenant " + tenant);
            }
            ByteString next = TenantKeyCodec.prefixOf(tenant + 1);
            if (!end.isEmpty() && (ORDER.compare(end, prefix) <= 0 || ORDER.compare(end, next) > 0)) {
                violations.add("range end outside tenant " + tenant + ": " + end);
            }
            boolean emptyRange = !end.isEmpty() && ORDER.compare(end, key) <= 0;
            if (!wholeTenant && !emptyRange) {
                boolean keyInShard = ORDER.compare(key, shard.getStartKey()) >= 0
                        && (shard.getEndKey().isEmpty() || ORDER.compare(key, shard.getEndKey()) < 0);
                boolean endInShard = end.isEmpty() || shard.getEndKey().isEmpty()
                        || ORDER.compare(end, shard.getEndKey()) <= 0;
                if (!keyInShard || !endInShard) {
                    violations.add("span outside shard " + shard.getId());
                }
            }
        }
        if (prefixes.size() > 1) {
            violations.add("one request named " + prefixes.size() + " tenants");
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (FakeShardNode node : nodes.values()) {
            node.close();
        }
    }
}
