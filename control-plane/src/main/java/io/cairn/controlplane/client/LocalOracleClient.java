package io.cairn.controlplane.client;

import io.cairn.api.meta.ApiKeyRecord;
import io.cairn.api.meta.NodeDescriptor;
import io.cairn.api.meta.Operator;
import io.cairn.api.meta.RouteTable;
import io.cairn.api.meta.Tenant;
import io.cairn.api.placement.AllocateRevisionsResponse;
import io.cairn.api.placement.ControlPlaneStatusResponse;
import io.cairn.api.placement.CreateApiKeyResponse;
import io.cairn.api.placement.HeartbeatResponse;
import io.cairn.api.placement.ListNodesResponse;
import io.cairn.api.placement.ListOperatorsResponse;
import io.cairn.api.placement.ListShardsResponse;
import io.cairn.api.placement.LookupApiKeyResponse;
import io.cairn.api.placement.NodeHeartbeat;
import io.cairn.api.placement.RegisterNodeRequest;
import io.cairn.api.placement.RegisterNodeResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * A placement client whose timestamp-oracle calls go to a control-plane replica in the same
 * process while it leads (no gRPC round trip, no thread hand-off: the oracle answers from its
 * window under a lock), and to the remote client otherwise. Every other call goes to the
 * remote client. The oracle is the same one the remote call would reach, so the revisions
 * keep every guarantee of ADR 0002.
 */
final class LocalOracleClient implements PlacementClient {
    private final PlacementClient remote;
    private final IntFunction<CompletableFuture<AllocateRevisionsResponse>> local;

    LocalOracleClient(PlacementClient remote, IntFunction<CompletableFuture<AllocateRevisionsResponse>> local) {
        this.remote = remote;
        this.local = local;
    }

    @Override
    public CompletableFuture<AllocateRevisionsResponse> allocateRevisions(int count) {
        CompletableFuture<AllocateRevisionsResponse> here;
        try {
            here = local.apply(count);
        } catch (RuntimeException notHere) {
            return remote.allocateRevisions(count);
        }
        if (here.isDone() && !here.isCompletedExceptionally()) {
            return here;
        }
        // Not leading here (or the window is being refilled and the replica may lose its lead
        // meanwhile): a failure falls back to the remote client, which finds the leader.
        return here.handle((response, error) -> error == null ? CompletableFuture.completedFuture(response)
                : remote.allocateRevisions(count)).thenCompose(answer -> answer);
    }

    @Override
    public RegisterNodeResponse registerNode(RegisterNodeRequest request) {
        return remote.registerNode(request);
    }

    @Override
    public HeartbeatResponse heartbeat(NodeHeartbeat heartbeat) {
        return remote.heartbeat(heartbeat);
    }

    @Override
    public RouteTable getRoutes(long knownVersion) {
        return remote.getRoutes(knownVersion);
    }

    @Override
    public AutoCloseable watchRoutes(long knownVersion, Consumer<RouteTable> listener) {
        return remote.watchRoutes(knownVersion, listener);
    }

    @Override
    public ControlPlaneStatusResponse status() {
        return remote.status();
    }

    @Override
    public Tenant createTenant(String name, String plan) {
        return remote.createTenant(name, plan);
    }

    @Override
    public List<Tenant> listTenants() {
        return remote.listTenants();
    }

    @Override
    public CreateApiKeyResponse createApiKey(String tenantName, List<String> scopes, long expiresAtMs) {
        return remote.createApiKey(tenantName, scopes, expiresAtMs);
    }

    @Override
    public LookupApiKeyResponse lookupApiKey(String keyId) {
        return remote.lookupApiKey(keyId);
    }

    @Override
    public ApiKeyRecord revokeApiKey(String keyId) {
        return remote.revokeApiKey(keyId);
    }

    @Override
    public ListNodesResponse listNodes() {
        return remote.listNodes();
    }

    @Override
    public ListShardsResponse listShards() {
        return remote.listShards();
    }

    @Override
    public ListOperatorsResponse listOperators() {
        return remote.listOperators();
    }

    @Override
    public NodeDescriptor drainNode(long nodeId) {
        return remote.drainNode(nodeId);
    }

    @Override
    public Operator transferLeader(long shardId, long toNodeId) {
        return remote.transferLeader(shardId, toNodeId);
    }

    @Override
    public Operator splitShard(long shardId, byte[] splitKey) {
        return remote.splitShard(shardId, splitKey);
    }

    @Override
    public void close() {
        remote.close();
    }
}
