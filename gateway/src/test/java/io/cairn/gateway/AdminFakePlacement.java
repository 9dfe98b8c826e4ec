package io.cairn.gateway;

import com.google.protobuf.ByteString;
import io.cairn.api.meta.NodeDescriptor;
import io.cairn.api.meta.NodeState;
import io.cairn.api.meta.Operator;
import io.cairn.api.meta.OperatorKind;
import io.cairn.api.meta.OperatorState;
import io.cairn.api.meta.RouteTable;
import io.cairn.api.meta.Tenant;
import io.cairn.api.placement.AllocateRevisionsResponse;
import io.cairn.api.placement.ControlPlaneStatusResponse;
import io.cairn.api.placement.CreateApiKeyResponse;
import io.cairn.api.placement.HeartbeatResponse;
import io.cairn.api.placement.ListNodesResponse;
import io.cairn.api.placement.ListOperatorsResponse;
import io.cairn.api.placement.LookupApiKeyResponse;
import io.cairn.api.placement.NodeHeartbeat;
import io.cairn.api.placement.NodeInfo;
import io.cairn.api.placement.RegisterNodeRequest;
import io.cairn.api.placement.RegisterNodeResponse;
import io.cairn.controlplane.client.PlacementClient;
import io.grpc.Status;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * {@link FakePlacement} plus the admin calls, answering as the control plane does: node 1
 * holds a replica, node 2 holds none, shard 7 already has a running operator.
 */
final class AdminFakePlacement implements PlacementClient {
    private final FakePlacement base = new FakePlacement();
    private final Map<Long, NodeInfo> nodes = new ConcurrentHashMap<>(Map.of(
            1L, node(1, NodeState.NODE_UP, 1), 2L, node(2, NodeState.NODE_UP, 0)));
    final List<ByteString> splitKeys = new CopyOnWriteArrayList<>();

    private static NodeInfo node(long id, NodeState state, int replicas) {
        return NodeInfo.newBuilder().setNode(NodeDescriptor.newBuilder().setId(id).setState(state)
                .setRpcAddress("127.0.0.1:" + (7000 + id))).setReplicas(replicas).build();
    }

    @Override
    public ListNodesResponse listNodes() {
        return ListNodesResponse.newBuilder().addAllNodes(nodes.values()).build();
    }

    @Override
    public ListOperatorsResponse listOperators() {
        return ListOperatorsResponse.getDefaultInstance();
    }

    @Override
    public NodeDescriptor drainNode(long nodeId) {
        NodeInfo info = known(nodeId);
        nodes.put(nodeId, info.toBuilder().setNode(info.getNode().toBuilder().setState(NodeState.NODE_DRAINING)).build());
        return nodes.get(nodeId).getNode();
    }

    @Override
    public NodeDescriptor removeNode(long nodeId) {
        NodeInfo info = known(nodeId);
        if (info.getReplicas() > 0) {
            throw Status.FAILED_PRECONDITION.withDescription("node " + nodeId + " still holds replicas of shard 3")
                    .asRuntimeException();
        }
        nodes.put(nodeId, info.toBuilder().setNode(info.getNode().toBuilder().setState(NodeState.NODE_REMOVED)).build());
        return nodes.get(nodeId).getNode();
    }

    @Override
    public Operator transferLeader(long shardId, long toNodeId) {
        if (shardId == 7) {
            throw Status.ALREADY_EXISTS.withDescription("shard 7 already has running operator 4").asRuntimeException();
        }
        return Operator.newBuilder().setId(1).setShardId(shardId).setKind(OperatorKind.ADMIN_TRANSFER_LEADER)
                .setState(OperatorState.OPERATOR_RUNNING).build();
    }

    @Override
    public Operator splitShard(long shardId, byte[] splitKey) {
        splitKeys.add(ByteString.copyFrom(splitKey));
        return Operator.newBuilder().setId(2).setShardId(shardId).setKind(OperatorKind.ADMIN_SPLIT)
                .setState(OperatorState.OPERATOR_RUNNING).build();
    }

    private NodeInfo known(long nodeId) {
        NodeInfo info = nodes.get(nodeId);
        if (info == null) {
            throw Status.NOT_FOUND.withDescription("no node " + nodeId).asRuntimeException();
        }
        return info;
    }

    @Override
    public RegisterNodeResponse registerNode(RegisterNodeRequest request) {
        return base.registerNode(request);
    }

    @Override
    public HeartbeatResponse heartbeat(NodeHeartbeat heartbeat) {
        return base.heartbeat(heartbeat);
    }

    @Override
    public RouteTable getRoutes(long knownVersion) {
        return base.getRoutes(knownVersion);
    }

    @Override
    public AutoCloseable watchRoutes(long knownVersion, Consumer<RouteTable> listener) {
        return base.watchRoutes(knownVersion, listener);
    }

    @Override
    public CompletableFuture<AllocateRevisionsResponse> allocateRevisions(int count) {
        return base.allocateRevisions(count);
    }

    @Override
    public ControlPlaneStatusResponse status() {
        return base.status();
    }

    @Override
    public Tenant createTenant(String name, String plan) {
        return base.createTenant(name, plan);
    }

    @Override
    public List<Tenant> listTenants() {
        return base.listTenants();
    }

    @Override
    public CreateApiKeyResponse createApiKey(String tenantName, List<String> scopes, long expiresAtMs) {
        return base.createApiKey(tenantName, scopes, expiresAtMs);
    }

    @Override
    public LookupApiKeyResponse lookupApiKey(String keyId) {
        return base.lookupApiKey(keyId);
    }

    @Override
    public void close() {
        base.close();
    }
}
