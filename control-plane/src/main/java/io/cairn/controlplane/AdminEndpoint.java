package io.cairn.controlplane;

import io.cairn.api.meta.ApiKeyRecord;
import io.cairn.api.meta.Tenant;
import io.cairn.api.placement.AdminGrpc;
import io.cairn.api.placement.CreateApiKeyRequest;
import io.cairn.api.placement.CreateApiKeyResponse;
import io.cairn.api.placement.CreateTenantRequest;
import io.cairn.api.placement.ListTenantsRequest;
import io.cairn.api.placement.ListTenantsResponse;
import io.cairn.api.placement.LookupApiKeyRequest;
import io.cairn.api.placement.LookupApiKeyResponse;
import io.cairn.api.placement.RevokeApiKeyRequest;
import io.grpc.stub.StreamObserver;

/** gRPC Admin service: delegates to {@link TenantService}. */
final class AdminEndpoint extends AdminGrpc.AdminImplBase {
    private final TenantService tenants;

    AdminEndpoint(TenantService tenants) {
        this.tenants = tenants;
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
