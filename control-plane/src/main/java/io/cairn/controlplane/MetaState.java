package io.cairn.controlplane;

import io.cairn.api.controlplane.AnnounceMember;
import io.cairn.api.controlplane.ControlPlaneCommand;
import io.cairn.api.controlplane.ControlPlaneSnapshot;
import io.cairn.api.controlplane.CreateApiKeyCommand;
import io.cairn.api.controlplane.CreateTenantCommand;
import io.cairn.api.controlplane.RegisterNodeCommand;
import io.cairn.api.controlplane.RemoveNodeCommand;
import io.cairn.api.controlplane.ReportShardLeaders;
import io.cairn.api.controlplane.SetNodeState;
import io.cairn.api.controlplane.ShardLeaderReport;
import io.cairn.api.meta.ApiKeyRecord;
import io.cairn.api.meta.NodeDescriptor;
import io.cairn.api.meta.NodeState;
import io.cairn.api.meta.Operator;
import io.cairn.api.meta.RouteTable;
import io.cairn.api.meta.ShardDescriptor;
import io.cairn.api.meta.ShardRoute;
import io.cairn.api.meta.Tenant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The control plane's metadata: nodes, shards, route version, tenants, API keys, TSO mark,
 * cluster id. Changed only by {@link #apply} on the Raft apply thread (deterministically, from
 * the command alone); read from any thread. Every method holds the object's lock briefly.
 */
final class MetaState {
    private long clusterId;
    private long tsoHighWater;
    private long routeVersion;
    private long nextNodeId = 1;
    private long nextTenantId = 1;
    private final Map<Long, NodeDescriptor> nodes = new TreeMap<>();
    private final Map<Long, ShardRoute> shards = new TreeMap<>();
    private final Map<Long, Tenant> tenants = new TreeMap<>();
    private final Map<String, Tenant> tenantsByName = new HashMap<>();
    private final Map<String, ApiKeyRecord> apiKeys = new HashMap<>();
    private final Map<String, String> memberRpcAddresses = new TreeMap<>();
    private final OperatorBook operators = new OperatorBook();
    private final Consumer<RouteTable> routeListener;
    private RouteTable routeTable;

    MetaState(Consumer<RouteTable> routeListener) {
        this.routeListener = routeListener;
        this.routeTable = buildRouteTable();
    }

    /** Applies one committed command; returns its result or throws {@link ControlPlaneException}. */
    synchronized Object apply(ControlPlaneCommand command) {
        return switch (command.getOpCase()) {
            case INIT_CLUSTER -> {
                if (clusterId == 0) {
                    clusterId = command.getInitCluster().getClusterId();
                    bumpRoutes();
                }
                yield clusterId;
            }
            case ADVANCE_TSO -> {
                long previous = tsoHighWater;
                tsoHighWater = previous + Math.max(1, command.getAdvanceTso().getStep());
                yield new TsoWindow(previous + 1, tsoHighWater);
            }
            case ANNOUNCE_MEMBER -> {
                AnnounceMember member = command.getAnnounceMember();
                memberRpcAddresses.put(member.getRaftAddress(), member.getRpcAddress());
                yield member.getRpcAddress();
            }
            case REGISTER_NODE -> registerNode(command.getRegisterNode());
            case SET_NODE_STATE -> setNodeState(command.getSetNodeState());
            case REPORT_SHARD_LEADERS -> reportLeaders(command.getReportShardLeaders());
            case CREATE_TENANT -> createTenant(command.getCreateTenant());
            case CREATE_API_KEY -> createApiKey(command.getCreateApiKey());
            case REVOKE_API_KEY -> {
                String keyId = command.getRevokeApiKey().getKeyId();
                ApiKeyRecord record = apiKeys.get(keyId);
                if (record == null) {
                    throw ControlPlaneException.notFound("no API key " + keyId);
                }
                ApiKeyRecord revoked = record.toBuilder().setRevoked(true).build();
                apiKeys.put(keyId, revoked);
                yield revoked;
            }
            case ADD_OPERATOR -> operators.add(command.getAddOperator(), shards);
            case COMPLETE_OPERATOR_STEP -> {
                boolean advanced = operators.complete(command.getCompleteOperatorStep(), shards);
                if (advanced) {
                    bumpRoutes();
                }
                yield advanced;
            }
            case FINISH_OPERATOR -> operators.finish(command.getFinishOperator());
            case REMOVE_NODE -> removeNode(command.getRemoveNode());
            case OP_NOT_SET -> throw ControlPlaneException.invalidArgument("empty command");
        };
    }

    private long registerNode(RegisterNodeCommand command) {
        long id = command.getNodeId();
        if (id == 0) {
            id = nodes.values().stream()
                    .filter(n -> n.getState() != NodeState.NODE_REMOVED)
                    .filter(n -> n.getRaftAddress().equals(command.getRaftAddress()))
                    .mapToLong(NodeDescriptor::getId).findFirst().orElse(nextNodeId);
        }
        NodeDescriptor previous = nodes.get(id);
        if (previous != null && previous.getState() == NodeState.NODE_REMOVED) {
            throw ControlPlaneException.failedPrecondition(removedMessage(id));
        }
        nextNodeId = Math.max(nextNodeId, id + 1);
        // a draining node that restarts keeps draining
        NodeState registered = previous != null && previous.getState() == NodeState.NODE_DRAINING
                ? NodeState.NODE_DRAINING : NodeState.NODE_UP;
        NodeDescriptor node = NodeDescriptor.newBuilder()
                .setId(id)
                .setRaftAddress(command.getRaftAddress())
                .setRpcAddress(command.getRpcAddress())
                .putAllLabels(command.getLabelsMap())
                .setState(registered)
                .setLastHeartbeatMs(command.getNowMs())
                .build();
        nodes.put(id, node);
        boolean changed = previous == null
                || !previous.toBuilder().setLastHeartbeatMs(0).build()
                        .equals(node.toBuilder().setLastHeartbeatMs(0).build());
        if (shards.isEmpty()) {
            List<ShardDescriptor> initial = ShardBootstrap.plan(command.getInitialSplitKeysList(),
                    command.getShardReplicas(), upNodeIds());
            initial.forEach(s -> shards.put(s.getId(),
                    ShardRoute.newBuilder().setShard(s).setLastSplitMs(command.getNowMs()).build()));
            changed |= !initial.isEmpty();
        }
        if (changed) {
            bumpRoutes();
        }
        return id;
    }

    private boolean setNodeState(SetNodeState command) {
        NodeDescriptor node = nodes.get(command.getNodeId());
        if (node == null) {
            throw ControlPlaneException.notFound("no node " + command.getNodeId());
        }
        if (node.getState() == command.getState()) {
            return false;
        }
        nodes.put(node.getId(), node.toBuilder().setState(command.getState())
                .setLastHeartbeatMs(command.getNowMs()).build());
        bumpRoutes();
        return true;
    }

    /**
     * Marks a node removed once nothing lives on it: no shard lists it as a replica (voter or
     * learner) and no running operator's remaining steps touch it.
     */
    private NodeDescriptor removeNode(RemoveNodeCommand command) {
        long id = command.getNodeId();
        NodeDescriptor node = nodes.get(id);
        if (node == null) {
            throw ControlPlaneException.notFound("no node " + id);
        }
        if (node.getState() == NodeState.NODE_REMOVED) {
            return node;
        }
        List<Long> holding = shards.values().stream().map(ShardRoute::getShard)
                .filter(s -> s.getReplicasList().stream().anyMatch(r -> r.getNodeId() == id))
                .map(ShardDescriptor::getId).toList();
        if (!holding.isEmpty()) {
            throw ControlPlaneException.failedPrecondition("node " + id + " still holds replicas of "
                    + (holding.size() == 1 ? "shard " : "shards ") + ids(holding)
                    + "; drain it first and wait until it holds none");
        }
        List<Long> busy = operators.touchingNode(id);
        if (!busy.isEmpty()) {
            throw ControlPlaneException.failedPrecondition("node " + id + " is still touched by running "
                    + (busy.size() == 1 ? "operator " : "operators ") + ids(busy));
        }
        NodeDescriptor removed = node.toBuilder().setState(NodeState.NODE_REMOVED)
                .setLastHeartbeatMs(command.getNowMs()).build();
        nodes.put(id, removed);
        bumpRoutes();
        return removed;
    }

    private static String ids(List<Long> ids) {
        return String.join(", ", ids.stream().map(Long::toUnsignedString).toList());
    }

    static String removedMessage(long nodeId) {
        return "node " + nodeId + " was removed from the cluster; it cannot rejoin (to add a node, start one with"
                + " an empty data directory)";
    }

    private boolean reportLeaders(ReportShardLeaders command) {
        boolean changed = false;
        for (ShardLeaderReport report : command.getReportsList()) {
            ShardRoute route = shards.get(report.getShardId());
            if (route != null && ShardLeaders.accepts(route, report)) {
                shards.put(report.getShardId(), route.toBuilder()
                        .setLeaderNodeId(report.getLeaderNodeId()).setTerm(report.getTerm()).build());
                changed = true;
            }
        }
        if (changed) {
            bumpRoutes();
        }
        return changed;
    }

    private Tenant createTenant(CreateTenantCommand command) {
        String name = command.getName();
        if (name.isBlank()) {
            throw ControlPlaneException.invalidArgument("tenant name must not be empty");
        }
        if (tenantsByName.containsKey(name)) {
            throw ControlPlaneException.alreadyExists("tenant " + name + " already exists");
        }
        Tenant tenant = Tenant.newBuilder().setId(nextTenantId++).setName(name)
                .setPlan(command.getPlan()).setCreatedAtMs(command.getNowMs()).build();
        tenants.put(tenant.getId(), tenant);
        tenantsByName.put(name, tenant);
        return tenant;
    }

    private ApiKeyRecord createApiKey(CreateApiKeyCommand command) {
        Tenant tenant = tenantsByName.get(command.getTenantName());
        if (tenant == null) {
            throw ControlPlaneException.notFound("no tenant " + command.getTenantName());
        }
        String keyId = command.getRecord().getKeyId();
        if (apiKeys.containsKey(keyId)) {
            throw ControlPlaneException.alreadyExists("API key id " + keyId + " already exists");
        }
        ApiKeyRecord record = command.getRecord().toBuilder().setTenantId(tenant.getId()).build();
        apiKeys.put(keyId, record);
        return record;
    }

    private List<Long> upNodeIds() {
        return nodes.values().stream().filter(n -> n.getState() == NodeState.NODE_UP)
                .map(NodeDescriptor::getId).toList();
    }

    private void bumpRoutes() {
        routeVersion++;
        routeTable = buildRouteTable();
        routeListener.accept(routeTable);
    }

    private RouteTable buildRouteTable() {
        List<ShardRoute> sorted = new ArrayList<>(shards.values());
        sorted.sort((a, b) -> KeyOrder.compare(a.getShard().getStartKey(), b.getShard().getStartKey()));
        return RouteTable.newBuilder().setVersion(routeVersion).setClusterId(clusterId)
                .addAllShards(sorted).addAllNodes(nodes.values()).build();
    }

    synchronized RouteTable routeTable() {
        return routeTable;
    }

    synchronized long clusterId() {
        return clusterId;
    }

    synchronized long tsoHighWater() {
        return tsoHighWater;
    }

    synchronized Optional<NodeDescriptor> node(long id) {
        return Optional.ofNullable(nodes.get(id));
    }

    synchronized List<NodeDescriptor> nodes() {
        return List.copyOf(nodes.values());
    }

    /** Shards with a replica on the given node. */
    synchronized List<ShardDescriptor> shardsOf(long nodeId) {
        return shards.values().stream().map(ShardRoute::getShard)
                .filter(s -> s.getReplicasList().stream().anyMatch(r -> r.getNodeId() == nodeId))
                .toList();
    }

    synchronized Optional<ShardRoute> shard(long shardId) {
        return Optional.ofNullable(shards.get(shardId));
    }

    synchronized List<ShardRoute> shards() {
        return List.copyOf(routeTable.getShardsList());
    }

    synchronized List<Operator> runningOperators() {
        return operators.running();
    }

    synchronized List<Operator> finishedOperators() {
        return operators.finished();
    }

    synchronized Optional<Operator> runningOperator(long id) {
        return operators.running(id);
    }

    synchronized List<Tenant> tenants() {
        return List.copyOf(tenants.values());
    }

    synchronized Optional<Tenant> tenant(long id) {
        return Optional.ofNullable(tenants.get(id));
    }

    synchronized Optional<ApiKeyRecord> apiKey(String keyId) {
        return Optional.ofNullable(apiKeys.get(keyId));
    }

    synchronized Optional<String> memberRpcAddress(String raftAddress) {
        return Optional.ofNullable(memberRpcAddresses.get(raftAddress));
    }

    synchronized ControlPlaneSnapshot snapshot() {
        ControlPlaneSnapshot.Builder snapshot = ControlPlaneSnapshot.newBuilder()
                .setClusterId(clusterId).setTsoHighWater(tsoHighWater).setRouteVersion(routeVersion)
                .setNextNodeId(nextNodeId).setNextTenantId(nextTenantId)
                .addAllNodes(nodes.values()).addAllShards(shards.values())
                .addAllTenants(tenants.values()).addAllApiKeys(apiKeys.values());
        operators.snapshotInto(snapshot);
        memberRpcAddresses.forEach((raft, rpc) -> snapshot.addMembers(
                AnnounceMember.newBuilder().setRaftAddress(raft).setRpcAddress(rpc)));
        return snapshot.build();
    }

    synchronized void restore(ControlPlaneSnapshot snapshot) {
        clusterId = snapshot.getClusterId();
        tsoHighWater = snapshot.getTsoHighWater();
        routeVersion = snapshot.getRouteVersion();
        nextNodeId = snapshot.getNextNodeId();
        nextTenantId = snapshot.getNextTenantId();
        nodes.clear();
        snapshot.getNodesList().forEach(n -> nodes.put(n.getId(), n));
        shards.clear();
        snapshot.getShardsList().forEach(s -> shards.put(s.getShard().getId(), s));
        tenants.clear();
        tenantsByName.clear();
        snapshot.getTenantsList().forEach(t -> {
            tenants.put(t.getId(), t);
            tenantsByName.put(t.getName(), t);
        });
        apiKeys.clear();
        snapshot.getApiKeysList().forEach(k -> apiKeys.put(k.getKeyId(), k));
        memberRpcAddresses.clear();
        snapshot.getMembersList().forEach(m -> memberRpcAddresses.put(m.getRaftAddress(), m.getRpcAddress()));
        operators.restore(snapshot);
        routeTable = buildRouteTable();
        routeListener.accept(routeTable);
    }
}
