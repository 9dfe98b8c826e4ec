package io.cairn.testkit.robustness;

import com.google.protobuf.ByteString;
import io.cairn.api.meta.NodeDescriptor;
import io.cairn.api.meta.Replica;
import io.cairn.api.meta.ShardRoute;
import io.cairn.api.meta.Tenant;
import io.cairn.api.placement.ControlPlaneMember;
import io.cairn.api.placement.ControlPlaneStatusRequest;
import io.cairn.api.placement.ListNodesRequest;
import io.cairn.api.placement.ListShardsRequest;
import io.cairn.api.placement.ListTenantsRequest;
import io.cairn.api.placement.NodeInfo;
import io.cairn.api.placement.ShardInfo;
import io.cairn.api.placement.SplitShardRequest;
import io.cairn.api.placement.TransferLeaderRequest;
import io.cairn.testkit.fault.FaultProxy;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/**
 * A cluster target's placement, as faults see it: which shards hold the traffic's keys (the
 * {@code dev} tenant's {@code rb/} prefix), where their replicas and leaders are, and the admin
 * operations that move them (TransferLeader, SplitShard), through the control plane.
 */
final class ClusterPlacement implements Target.ClusterFaults {
    private static final Comparator<ByteString> ORDER = ByteString.unsignedLexicographicalComparator();
    private static final long WAIT_MS = 30_000;

    private final ClusterTarget target;
    private final ClusterAdmin admin;
    private final KeySpace keys = KeySpace.DEFAULT;
    private volatile ByteString tenantPrefix;

    ClusterPlacement(ClusterTarget target, ClusterAdmin admin) {
        this.target = target;
        this.admin = admin;
    }

    @Override
    public Target.Member controlPlaneLeader() {
        return waitFor("a control-plane leader", () -> admin.placement(p -> p.controlPlaneStatus(
                        ControlPlaneStatusRequest.getDefaultInstance())).getMembersList().stream()
                .filter(ControlPlaneMember::getLeader).findFirst()
                .flatMap(l -> target.processes().members("control-plane").stream()
                        .filter(m -> m.address("raft").equals(l.getRaftAddress())).findFirst())
                .map(m -> (Target.Member) target.member(m.name())).orElse(null));
    }

    @Override
    public FaultProxy peerProxy(Target.Member node) {
        return target.peerProxyOf(node.name());
    }

    @Override
    public List<Target.Member> storeNodes() {
        return target.members().stream().filter(m -> m.role().equals("node")).map(m -> (Target.Member) m).toList();
    }

    @Override
    public List<Target.Member> trafficShardNodes(Random random) {
        return waitFor("a traffic shard with a leader", () -> {
            List<ShardRoute> shards = trafficShards();
            ShardRoute shard = shards.get(random.nextInt(shards.size()));
            if (shard.getLeaderNodeId() == 0) {
                return null;
            }
            List<NodeDescriptor> nodes = nodes();
            List<Target.Member> members = new ArrayList<>();
            members.add(memberOf(nodes, shard.getLeaderNodeId()));
            shard.getShard().getReplicasList().stream().filter(r -> !r.getLearner())
                    .filter(r -> r.getNodeId() != shard.getLeaderNodeId())
                    .forEach(r -> members.add(memberOf(nodes, r.getNodeId())));
            return members;
        });
    }

    @Override
    public String transferLeader(Random random) {
        List<ShardRoute> shards = waitFor("a traffic shard with a leader", () -> {
            List<ShardRoute> s = trafficShards();
            return s.stream().allMatch(r -> r.getLeaderNodeId() != 0) ? s : null;
        });
        ShardRoute shard = shards.get(random.nextInt(shards.size()));
        List<Long> others = shard.getShard().getReplicasList().stream().filter(r -> !r.getLearner())
                .map(Replica::getNodeId).filter(id -> id != shard.getLeaderNodeId()).toList();
        long to = others.get(random.nextInt(others.size()));
        long id = shard.getShard().getId();
        admin.admin(a -> a.transferLeader(TransferLeaderRequest.newBuilder().setShardId(id).setToNodeId(to).build()));
        boolean moved = poll(() -> trafficShards().stream().anyMatch(r -> r.getShard().getId() == id
                && r.getLeaderNodeId() == to));
        return "shard " + id + " from node " + shard.getLeaderNodeId() + " to node " + to
                + (moved ? ": done" : ": not reported within " + WAIT_MS / 1000 + " s");
    }

    @Override
    public String splitShard(Random random) {
        List<ShardRoute> shards = trafficShards();
        List<ByteString> candidates = new ArrayList<>();
        for (int g = 1; g < keys.groups(); g++) {
            ByteString key = prefix().concat(ByteString.copyFromUtf8(keys.group(g)));
            if (shards.stream().anyMatch(r -> contains(r, key) && !r.getShard().getStartKey().equals(key))) {
                candidates.add(key);
            }
        }
        if (candidates.isEmpty()) {
            return "no traffic shard spans two key groups; nothing split";
        }
        ByteString key = candidates.get(random.nextInt(candidates.size()));
        ShardRoute shard = shards.stream().filter(r -> contains(r, key)).findFirst().orElseThrow();
        long id = shard.getShard().getId();
        admin.admin(a -> a.splitShard(SplitShardRequest.newBuilder().setShardId(id).setSplitKey(key).build()));
        boolean split = poll(() -> trafficShards().stream().anyMatch(r -> r.getShard().getStartKey().equals(key)));
        return "shard " + id + " at " + key.substring(8).toStringUtf8()
                + (split ? ": done" : ": not reported within " + WAIT_MS / 1000 + " s");
    }

    @Override
    public String trafficLeaders() {
        try {
            List<NodeDescriptor> nodes = nodes();
            return trafficShards().stream().map(r -> "shard " + r.getShard().getId() + ": "
                    + (r.getLeaderNodeId() == 0 ? "no leader" : memberOf(nodes, r.getLeaderNodeId()).name())).toList()
                    .toString();
        } catch (RuntimeException e) {
            return "not known (" + e.getMessage() + ")";
        }
    }

    /** Routes of the shards overlapping the traffic's keys, in key order. */
    private List<ShardRoute> trafficShards() {
        ByteString start = prefix().concat(ByteString.copyFromUtf8(keys.root()));
        ByteString end = prefix().concat(ByteString.copyFromUtf8(EtcdKv.prefixEnd(keys.root())));
        return admin.admin(a -> a.listShards(ListShardsRequest.getDefaultInstance())).getShardsList().stream()
                .map(ShardInfo::getRoute)
                .filter(r -> ORDER.compare(r.getShard().getStartKey(), end) < 0
                        && (r.getShard().getEndKey().isEmpty() || ORDER.compare(r.getShard().getEndKey(), start) > 0))
                .toList();
    }

    private ByteString prefix() {
        if (tenantPrefix == null) {
            long id = admin.admin(a -> a.listTenants(ListTenantsRequest.getDefaultInstance())).getTenantsList()
                    .stream().filter(t -> t.getName().equals("dev")).mapToLong(Tenant::getId).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no tenant dev"));
            tenantPrefix = ByteString.copyFrom(ByteBuffer.allocate(8).putLong(id).array());
        }
        return tenantPrefix;
    }

    private List<NodeDescriptor> nodes() {
        return admin.admin(a -> a.listNodes(ListNodesRequest.getDefaultInstance())).getNodesList().stream()
                .map(NodeInfo::getNode).toList();
    }

    private Target.Member memberOf(List<NodeDescriptor> nodes, long nodeId) {
        String raft = nodes.stream().filter(n -> n.getId() == nodeId).map(NodeDescriptor::getRaftAddress).findFirst()
                .orElseThrow(() -> new IllegalStateException("node " + nodeId + " is not listed"));
        return target.processes().members("node").stream().filter(m -> m.address("raft").equals(raft)).findFirst()
                .map(m -> (Target.Member) target.member(m.name()))
                .orElseThrow(() -> new IllegalStateException("no member advertises " + raft));
    }

    private static boolean contains(ShardRoute route, ByteString key) {
        ByteString start = route.getShard().getStartKey();
        ByteString end = route.getShard().getEndKey();
        return ORDER.compare(start, key) <= 0 && (end.isEmpty() || ORDER.compare(key, end) < 0);
    }

    private static boolean poll(Supplier<Boolean> done) {
        return waitOrNull(() -> done.get() ? Boolean.TRUE : null) != null;
    }

    private static <T> T waitFor(String what, Supplier<T> value) {
        T v = waitOrNull(value);
        if (v == null) {
            throw new IllegalStateException("no " + what + " within " + WAIT_MS / 1000 + " s");
        }
        return v;
    }

    private static <T> T waitOrNull(Supplier<T> value) {
        long end = System.currentTimeMillis() + WAIT_MS;
        while (true) {
            T v = value.get();
            if (v != null || System.currentTimeMillis() > end) {
                return v;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
