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

    /** Every node with its replica and leader counts and reported capacity. */
    default ListNodesResponse listNodes() {
        throw new UnsupportedOperationException("listNodes");
    }

    /** Every shard's route with its leader's latest stats. */
    default ListShardsResponse listShards() {
        throw new UnsupportedOperationException("listShards");
    }

    /** Running operators and the most recently finished ones. */
    default ListOperatorsResponse listOperators() {
        throw new UnsupportedOperationException("listOperators");
    }

    /** Marks a node DRAINING: it gets no new replicas and all of its replicas are moved off. */
    default NodeDescriptor drainNode(long nodeId) {
        throw new UnsupportedOperationException("drainNode");
    }

    /**
     * Removes a node that holds no replicas from the cluster (it becomes NODE_REMOVED and its
     * heartbeats are refused); FAILED_PRECONDITION naming the shards while it still holds some.
     */
    default NodeDescriptor removeNode(long nodeId) {
        throw new UnsupportedOperationException("removeNode");
    }

    /** Starts an operator moving the shard's leadership to a voter on {@code toNodeId}. */
    default Operator transferLeader(long shardId, long toNodeId) {
        throw new UnsupportedOperationException("transferLeader");
    }

    /** Starts an operator splitting the shard at {@code splitKey} (empty: where its leader suggests). */
    default Operator splitShard(long shardId, byte[] splitKey) {
        throw new UnsupportedOperationException("splitShard");
    }

    @Override
    void close();
}
