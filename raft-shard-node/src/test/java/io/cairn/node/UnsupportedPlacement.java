package io.cairn.node;

import io.cairn.api.meta.RouteTable;
import io.cairn.api.meta.Tenant;
import io.cairn.api.placement.AllocateRevisionsResponse;
import io.cairn.api.placement.ControlPlaneStatusResponse;
import io.cairn.api.placement.CreateApiKeyResponse;
import io.cairn.api.placement.HeartbeatResponse;
import io.cairn.api.placement.LookupApiKeyResponse;
import io.cairn.api.placement.NodeHeartbeat;
import io.cairn.api.placement.RegisterNodeRequest;
import io.cairn.api.placement.RegisterNodeResponse;
import io.cairn.controlplane.client.PlacementClient;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** Base of the test control planes: every call a store node does not make fails. */
abstract class UnsupportedPlacement implements PlacementClient {

    @Override
    public RegisterNodeResponse registerNode(RegisterNodeRequest request) {
        throw new UnsupportedOperationException();
    }

    @Override
    public HeartbeatResponse heartbeat(NodeHeartbeat heartbeat) {
        throw new UnsupportedOperationException();
    }

    @Override
    public CompletableFuture<AllocateRevisionsResponse> allocateRevisions(int count) {
        throw new UnsupportedOperationException();
    }

    @Override
    public RouteTable getRoutes(long knownVersion) {
        throw new UnsupportedOperationException();
    }

    @Override
    public AutoCloseable watchRoutes(long knownVersion, Consumer<RouteTable> listener) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ControlPlaneStatusResponse status() {
        throw new UnsupportedOperationException();
    }

    @Override
    public Tenant createTenant(String name, String plan) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<Tenant> listTenants() {
        throw new UnsupportedOperationException();
    }

    @Override
    public CreateApiKeyResponse createApiKey(String tenantName, List<String> scopes, long expiresAtMs) {
        throw new UnsupportedOperationException();
    }

    @Override
    public LookupApiKeyResponse lookupApiKey(String keyId) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void close() {
    }
}
