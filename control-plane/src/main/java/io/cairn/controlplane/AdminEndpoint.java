package io.cairn.controlplane;

import io.cairn.api.meta.ApiKeyRecord;
import io.cairn.api.meta.NodeDescriptor;
import io.cairn.api.meta.Operator;
import io.cairn.api.meta.Tenant;
import io.cairn.api.placement.AdminGrpc;
import io.cairn.api.placement.CreateApiKeyRequest;
import io.cairn.api.placement.CreateApiKeyResponse;
import io.cairn.api.placement.CreateTenantRequest;
import io.cairn.api.placement.DrainNodeRequest;
import io.cairn.api.placement.ListNodesRequest;
import io.cairn.api.placement.ListNodesResponse;
import io.cairn.api.placement.ListOperatorsRequest;
import io.cairn.api.placement.ListOperatorsResponse;
import io.cairn.api.placement.ListShardsRequest;
import io.cairn.api.placement.ListShardsResponse;
import io.cairn.api.placement.ListTenantsRequest;
import io.cairn.api.placement.ListTenantsResponse;
import io.cairn.api.placement.LookupApiKeyRequest;
import io.cairn.api.placement.LookupApiKeyResponse;
import io.cairn.api.placement.RemoveNodeRequest;
import io.cairn.api.placement.RevokeApiKeyRequest;
import io.cairn.api.placement.SplitShardRequest;
import io.cairn.api.placement.TransferLeaderRequest;
import io.grpc.stub.StreamObserver;

/** gRPC Admin service: delegates to {@link TenantService} and {@link ClusterAdminService}. */
final class AdminEndpoint extends AdminGrpc.AdminImplBase {
    private final TenantService tenants;
    private final ClusterAdminService cluster;

    AdminEndpoint(TenantService tenants, ClusterAdminService cluster) {
        this.tenants = tenants;
        this.cluster = cluster;
    }

    @Override
    public void listNodes(ListNodesRequest request, StreamObserver<ListNodesResponse> observer) {
        Replies.unary(cluster::listNodes, observer);
    }

    @Override
    public void listShards(ListShardsRequest request, StreamObserver<ListShardsResponse> observer) {
        Replies.unary(cluster::listShards, observer);
    }

    @Override
    public void listOperators(ListOperatorsRequest request, StreamObserver<ListOperatorsResponse> observer) {
        Replies.unary(cluster::listOperators, observer);
    }

    @Override
    public void drainNode(DrainNodeRequest request, StreamObserver<NodeDescriptor> observer) {
        Replies.unary(() -> cluster.drainNode(request.getNodeId()), observer);
    }

    @Override
    public void removeNode(RemoveNodeRequest request, StreamObserver<NodeDescriptor> observer) {
        Replies.unary(() -> cluster.removeNode(request.getNodeId()), observer);
    }

    @Override
    public void transferLeader(TransferLeaderRequest request, StreamObserver<Operator> observer) {
        Replies.unary(() -> cluster.transferLeader(request.getShardId(), request.getToNodeId()), observer);
    }

    @Override
    public void splitShard(SplitShardRequest request, StreamObserver<Operator> observer) {
        Replies.unary(() -> cluster.splitShard(request.getShardId(), request.getSplitKey()), observer);
    }

    @Override
    public void createTenant(CreateTenantRequest request, StreamObserver<Tenant> observer) {
        Replies.unary(() -> tenants.createTenant(request.getName(), request.getPlan()), observer);
    }

    @Override
    public void listTenants(ListTenantsRequest request, StreamObserver<ListTenantsResponse> observer) {
        Replies.unary(() -> tenants.listTenants()
                .thenApply(list -> ListTenantsResponse.newBuilder().addAllTenants(list).build()), observer);
    }

    @Override
    public void createApiKey(CreateApiKeyRequest request, StreamObserver<CreateApiKeyResponse> observer) {
        Replies.unary(() -> tenants.createApiKey(request.getTenantName(), request.getScopesList(),
                request.getExpiresAtMs()), observer);
    }

    @Override
    public void revokeApiKey(RevokeApiKeyRequest request, StreamObserver<ApiKeyRecord> observer) {
        Replies.unary(() -> tenants.revokeApiKey(request.getKeyId()), observer);
    }

    @Override
    public void lookupApiKey(LookupApiKeyRequest request, StreamObserver<LookupApiKeyResponse> observer) {
        Replies.unary(() -> tenants.lookupApiKey(request.getKeyId()), observer);
    }
}
