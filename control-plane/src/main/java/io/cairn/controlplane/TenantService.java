package io.cairn.controlplane;

import io.cairn.api.controlplane.ControlPlaneCommand;
import io.cairn.api.controlplane.CreateApiKeyCommand;
import io.cairn.api.controlplane.CreateTenantCommand;
import io.cairn.api.controlplane.RevokeApiKeyCommand;
import io.cairn.api.meta.ApiKeyRecord;
import io.cairn.api.meta.Tenant;
import io.cairn.api.placement.CreateApiKeyResponse;
import io.cairn.api.placement.LookupApiKeyResponse;
import io.cairn.controlplane.client.ApiKeyScope;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Tenants and API keys: what the Admin RPCs do. */
final class TenantService {
    private final MetaRaft raft;
    private final MetaState state;
    private final ApiKeyFactory keys = new ApiKeyFactory();

    TenantService(MetaRaft raft, MetaState state) {
        this.raft = raft;
        this.state = state;
    }

    CompletableFuture<Tenant> createTenant(String name, String plan) {
        raft.requireLeader();
        return raft.proposeWhenReady(ControlPlaneCommand.newBuilder().setCreateTenant(CreateTenantCommand.newBuilder()
                        .setName(name).setPlan(plan).setNowMs(System.currentTimeMillis())).build())
                .thenApply(Tenant.class::cast);
    }

    CompletableFuture<List<Tenant>> listTenants() {
        raft.requireLeader();
        return raft.readBarrier().thenApply(ignored -> state.tenants());
    }

    CompletableFuture<CreateApiKeyResponse> createApiKey(String tenantName, List<String> scopes, long expiresAtMs) {
        raft.requireLeader();
        List<String> names;
        try {
            names = ApiKeyScope.parseAll(scopes).stream().map(ApiKeyScope::wireName).toList();
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(ControlPlaneException.invalidArgument(e.getMessage()));
        }
        ApiKeyFactory.NewKey key = keys.create(names, expiresAtMs, System.currentTimeMillis());
        return raft.proposeWhenReady(ControlPlaneCommand.newBuilder().setCreateApiKey(CreateApiKeyCommand.newBuilder()
                        .setTenantName(tenantName).setRecord(key.record())).build())
                .thenApply(record -> CreateApiKeyResponse.newBuilder()
                        .setRecord((ApiKeyRecord) record).setApiKey(key.apiKey()).build());
    }

    CompletableFuture<ApiKeyRecord> revokeApiKey(String keyId) {
        raft.requireLeader();
        return raft.proposeWhenReady(ControlPlaneCommand.newBuilder()
                        .setRevokeApiKey(RevokeApiKeyCommand.newBuilder().setKeyId(keyId)).build())
                .thenApply(ApiKeyRecord.class::cast);
    }

    CompletableFuture<LookupApiKeyResponse> lookupApiKey(String keyId) {
        raft.requireLeader();
        return raft.readBarrier().thenApply(ignored -> {
            LookupApiKeyResponse.Builder response = LookupApiKeyResponse.newBuilder();
            state.apiKey(keyId).ifPresent(record -> {
                response.setFound(true).setRecord(record);
                state.tenant(record.getTenantId()).ifPresent(response::setTenant);
            });
            return response.build();
        });
    }
}
