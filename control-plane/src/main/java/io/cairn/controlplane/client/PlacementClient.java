package io.cairn.controlplane.client;

import io.cairn.api.meta.ApiKeyRecord;
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
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * How store nodes, gateways and the launcher talk to the control plane. Finds the
 * control-plane leader among the given addresses and fails over to a new one; calls that
 * cannot reach a leader within their deadline fail with {@link ControlPlaneUnavailableException}.
 *
 * <p>Created with {@code PlacementClients.connect(addresses, clusterToken)}.
 */
public interface PlacementClient extends AutoCloseable {

    RegisterNodeResponse registerNode(RegisterNodeRequest request);

    HeartbeatResponse heartbeat(NodeHeartbeat heartbeat);

    RouteTable getRoutes(long knownVersion);

    /**
     * Follows the route table: {@code listener} gets every new version (the first call
     * with the current table). Reconnects on failure and falls back to polling.
     * Closing the returned handle stops following.
     */
    AutoCloseable watchRoutes(long knownVersion, Consumer<RouteTable> listener);

    /** Timestamp oracle: {@code count} fresh, strictly increasing revisions. */
    CompletableFuture<AllocateRevisionsResponse> allocateRevisions(int count);

    ControlPlaneStatusResponse status();

    Tenant createTenant(String name, String plan);

    List<Tenant> listTenants();

    CreateApiKeyResponse createApiKey(String tenantName, List<String> scopes, long expiresAtMs);

    LookupApiKeyResponse lookupApiKey(String keyId);

    /** Revokes an API key; gateways refuse it once they see the revoked record. */
    default ApiKeyRecord revokeApiKey(String keyId) {
        throw new UnsupportedOperationException("revokeApiKey");
    }

    @Override
    void close();
}
