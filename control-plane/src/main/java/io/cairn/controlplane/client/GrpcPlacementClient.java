package io.cairn.controlplane.client;

import com.google.protobuf.ByteString;
import io.cairn.api.meta.ApiKeyRecord;
import io.cairn.api.meta.NodeDescriptor;
import io.cairn.api.meta.Operator;
import io.cairn.api.meta.RouteTable;
import io.cairn.api.meta.Tenant;
import io.cairn.api.placement.AdminGrpc;
import io.cairn.api.placement.AllocateRevisionsRequest;
import io.cairn.api.placement.AllocateRevisionsResponse;
import io.cairn.api.placement.ControlPlaneStatusRequest;
import io.cairn.api.placement.ControlPlaneStatusResponse;
import io.cairn.api.placement.CreateApiKeyRequest;
import io.cairn.api.placement.CreateApiKeyResponse;
import io.cairn.api.placement.CreateTenantRequest;
import io.cairn.api.placement.DrainNodeRequest;
import io.cairn.api.placement.GetRoutesRequest;
import io.cairn.api.placement.ListNodesRequest;
import io.cairn.api.placement.ListNodesResponse;
import io.cairn.api.placement.ListOperatorsRequest;
import io.cairn.api.placement.ListOperatorsResponse;
import io.cairn.api.placement.ListShardsRequest;
import io.cairn.api.placement.ListShardsResponse;
import io.cairn.api.placement.HeartbeatResponse;
import io.cairn.api.placement.ListTenantsRequest;
import io.cairn.api.placement.LookupApiKeyRequest;
import io.cairn.api.placement.LookupApiKeyResponse;
import io.cairn.api.placement.NodeHeartbeat;
import io.cairn.api.placement.PlacementGrpc;
import io.cairn.api.placement.RegisterNodeRequest;
import io.cairn.api.placement.RegisterNodeResponse;
import io.cairn.api.placement.RemoveNodeRequest;
import io.cairn.api.placement.RevokeApiKeyRequest;
import io.cairn.api.placement.SplitShardRequest;
import io.cairn.api.placement.TransferLeaderRequest;
import io.grpc.Channel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * {@link PlacementClient} over gRPC. Every call goes through {@link LeaderCalls}; reads,
 * heartbeats, registration (same raft address = same node) and revision allocation (a lost
 * batch is only a gap) are retried on a deadline too; tenant and key creation only when the
 * replica said it did not take the call.
 */
final class GrpcPlacementClient implements PlacementClient {
    private final LeaderChannels channels;
    private final ScheduledExecutorService timer;
    private final LeaderCalls calls;

    GrpcPlacementClient(LeaderChannels channels, Duration callDeadline) {
        this.channels = channels;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "cairn-placement-client");
            thread.setDaemon(true);
            return thread;
        });
        this.calls = new LeaderCalls(channels, timer, callDeadline);
    }

    private static PlacementGrpc.PlacementFutureStub placement(Channel channel, long deadlineMs) {
        return PlacementGrpc.newFutureStub(channel).withDeadlineAfter(deadlineMs, TimeUnit.MILLISECONDS);
    }

    private static AdminGrpc.AdminFutureStub admin(Channel channel, long deadlineMs) {
        return AdminGrpc.newFutureStub(channel).withDeadlineAfter(deadlineMs, TimeUnit.MILLISECONDS);
    }

    @Override
    public RegisterNodeResponse registerNode(RegisterNodeRequest request) {
        return LeaderCalls.join(calls.call(true, (ch, ms) -> placement(ch, ms).registerNode(request)));
    }

    @Override
    public HeartbeatResponse heartbeat(NodeHeartbeat heartbeat) {
        return LeaderCalls.join(calls.call(true, (ch, ms) -> placement(ch, ms).heartbeat(heartbeat)));
    }

    @Override
    public RouteTable getRoutes(long knownVersion) {
        return LeaderCalls.join(getRoutesAsync(knownVersion));
    }

    CompletableFuture<RouteTable> getRoutesAsync(long knownVersion) {
        GetRoutesRequest request = GetRoutesRequest.newBuilder().setKnownVersion(knownVersion).build();
        return calls.call(true, (ch, ms) -> placement(ch, ms).getRoutes(request));
    }

    @Override
    public AutoCloseable watchRoutes(long knownVersion, Consumer<RouteTable> listener) {
        return RouteFollower.start(channels, this, knownVersion, listener);
    }

    @Override
    public CompletableFuture<AllocateRevisionsResponse> allocateRevisions(int count) {
        AllocateRevisionsRequest request = AllocateRevisionsRequest.newBuilder().setCount(count).build();
        return calls.call(true, (ch, ms) -> placement(ch, ms).allocateRevisions(request));
    }

    @Override
    public ControlPlaneStatusResponse status() {
        return LeaderCalls.join(calls.call(true,
                (ch, ms) -> placement(ch, ms).controlPlaneStatus(ControlPlaneStatusRequest.getDefaultInstance())));
    }

    @Override
    public Tenant createTenant(String name, String plan) {
        CreateTenantRequest request = CreateTenantRequest.newBuilder().setName(name).setPlan(plan).build();
        return LeaderCalls.join(calls.call(false, (ch, ms) -> admin(ch, ms).createTenant(request)));
    }

    @Override
    public List<Tenant> listTenants() {
        return LeaderCalls.join(calls.call(true,
                (ch, ms) -> admin(ch, ms).listTenants(ListTenantsRequest.getDefaultInstance()))).getTenantsList();
    }

    @Override
    public CreateApiKeyResponse createApiKey(String tenantName, List<String> scopes, long expiresAtMs) {
        CreateApiKeyRequest request = CreateApiKeyRequest.newBuilder().setTenantName(tenantName)
                .addAllScopes(scopes).setExpiresAtMs(expiresAtMs).build();
        return LeaderCalls.join(calls.call(false, (ch, ms) -> admin(ch, ms).createApiKey(request)));
    }

    @Override
    public ApiKeyRecord revokeApiKey(String keyId) {
        RevokeApiKeyRequest request = RevokeApiKeyRequest.newBuilder().setKeyId(keyId).build();
        return LeaderCalls.join(calls.call(true, (ch, ms) -> admin(ch, ms).revokeApiKey(request)));
    }

    @Override
    public LookupApiKeyResponse lookupApiKey(String keyId) {
        LookupApiKeyRequest request = LookupApiKeyRequest.newBuilder().setKeyId(keyId).build();
        return LeaderCalls.join(calls.call(true, (ch, ms) -> admin(ch, ms).lookupApiKey(request)));
    }

    @Override
    public ListNodesResponse listNodes() {
        return LeaderCalls.join(calls.call(true,
                (ch, ms) -> admin(ch, ms).listNodes(ListNodesRequest.getDefaultInstance())));
    }

    @Override
    public ListShardsResponse listShards() {
        return LeaderCalls.join(calls.call(true,
                (ch, ms) -> admin(ch, ms).listShards(ListShardsRequest.getDefaultInstance())));
    }

    @Override
    public ListOperatorsResponse listOperators() {
        return LeaderCalls.join(calls.call(true,
                (ch, ms) -> admin(ch, ms).listOperators(ListOperatorsRequest.getDefaultInstance())));
    }

    @Override
    public NodeDescriptor drainNode(long nodeId) {
        DrainNodeRequest request = DrainNodeRequest.newBuilder().setNodeId(nodeId).build();
        return LeaderCalls.join(calls.call(true, (ch, ms) -> admin(ch, ms).drainNode(request)));
    }

    @Override
    public NodeDescriptor removeNode(long nodeId) {
        RemoveNodeRequest request = RemoveNodeRequest.newBuilder().setNodeId(nodeId).build();
        return LeaderCalls.join(calls.call(true, (ch, ms) -> admin(ch, ms).removeNode(request)));
    }

    @Override
    public Operator transferLeader(long shardId, long toNodeId) {
        TransferLeaderRequest request = TransferLeaderRequest.newBuilder().setShardId(shardId)
                .setToNodeId(toNodeId).build();
        return LeaderCalls.join(calls.call(false, (ch, ms) -> admin(ch, ms).transferLeader(request)));
    }

    @Override
    public Operator splitShard(long shardId, byte[] splitKey) {
        SplitShardRequest request = SplitShardRequest.newBuilder().setShardId(shardId)
                .setSplitKey(ByteString.copyFrom(splitKey)).build();
        return LeaderCalls.join(calls.call(false, (ch, ms) -> admin(ch, ms).splitShard(request)));
    }

    @Override
    public void close() {
        channels.close();
        timer.shutdownNow();
        calls.failAll();
    }
}
