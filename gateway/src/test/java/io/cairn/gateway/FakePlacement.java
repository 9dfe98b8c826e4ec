package io.cairn.gateway;

import com.google.protobuf.ByteString;
import io.cairn.api.meta.ApiKeyRecord;
import io.cairn.api.meta.RouteTable;
import io.cairn.api.meta.Tenant;
import io.cairn.api.placement.AllocateRevisionsResponse;
import io.cairn.api.placement.ControlPlaneMember;
import io.cairn.api.placement.ControlPlaneStatusResponse;
import io.cairn.api.placement.CreateApiKeyResponse;
import io.cairn.api.placement.HeartbeatResponse;
import io.cairn.api.placement.LookupApiKeyResponse;
import io.cairn.api.placement.NodeHeartbeat;
import io.cairn.api.placement.RegisterNodeRequest;
import io.cairn.api.placement.RegisterNodeResponse;
import io.cairn.controlplane.client.PlacementClient;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/** A control plane in memory: tenants, API keys, a route table and a timestamp oracle. */
final class FakePlacement implements PlacementClient {
    static final long CLUSTER_ID = 0xC0FFEE;
    static final long CP_LEADER_ID = 900;

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Tenant> tenants = new ConcurrentHashMap<>();
    private final Map<String, ApiKeyRecord> keys = new ConcurrentHashMap<>();
    private final List<Consumer<RouteTable>> watchers = new CopyOnWriteArrayList<>();
    private final AtomicLong nextTenantId = new AtomicLong(1);
    private final AtomicLong revision = new AtomicLong(1);
    final AtomicInteger getRoutesCalls = new AtomicInteger();
    final AtomicInteger lookups = new AtomicInteger();
    private volatile RouteTable routes = RouteTable.newBuilder().setClusterId(CLUSTER_ID).build();

    void setRoutes(RouteTable table) {
        routes = table.toBuilder().setVersion(routes.getVersion() + 1).setClusterId(CLUSTER_ID).build();
        watchers.forEach(w -> w.accept(routes));
    }

    /** Changes the table without telling watchers: the gateway only sees it when it fetches. */
    void setRoutesQuietly(RouteTable table) {
        routes = table.toBuilder().setVersion(routes.getVersion() + 1).setClusterId(CLUSTER_ID).build();
    }

    RouteTable routes() {
        return routes;
    }

    long nextRevision() {
        return revision.incrementAndGet();
    }

    long currentRevision() {
        return revision.get();
    }

    void revoke(String keyId) {
        keys.computeIfPresent(keyId, (id, r) -> r.toBuilder().setRevoked(true).build());
    }

    @Override
    public RouteTable getRoutes(long knownVersion) {
        getRoutesCalls.incrementAndGet();
        return routes;
    }

    @Override
    public AutoCloseable watchRoutes(long knownVersion, Consumer<RouteTable> listener) {
        watchers.add(listener);
        listener.accept(routes);
        return () -> watchers.remove(listener);
    }

    @Override
    public CompletableFuture<AllocateRevisionsResponse> allocateRevisions(int count) {
        long last = revision.addAndGet(count);
        return CompletableFuture.completedFuture(
                AllocateRevisionsResponse.newBuilder().setFirst(last - count + 1).setCount(count).build());
    }

    @Override
    public ControlPlaneStatusResponse status() {
        return ControlPlaneStatusResponse.newBuilder().setClusterId(CLUSTER_ID).setTerm(7).setAppliedIndex(42)
                .setRevisionHighWater(revision.get() + 10_000) // a TSO's persisted window runs ahead
                .addMembers(ControlPlaneMember.newBuilder().setId(CP_LEADER_ID).setName("cp-1").setLeader(true))
                .build();
    }

    @Override
    public Tenant createTenant(String name, String plan) {
        return tenants.computeIfAbsent(name, n -> Tenant.newBuilder()
                .setId(nextTenantId.getAndIncrement()).setName(n).setPlan(plan).build());
    }

    @Override
    public List<Tenant> listTenants() {
        return List.copyOf(tenants.values());
    }

    @Override
    public CreateApiKeyResponse createApiKey(String tenantName, List<String> scopes, long expiresAtMs) {
        Tenant tenant = tenants.get(tenantName);
        byte[] id = new byte[6];
        byte[] secret = new byte[16];
        random.nextBytes(id);
        random.nextBytes(secret);
        String keyId = HexFormat.of().formatHex(id);
        String secretText = HexFormat.of().formatHex(secret);
        ApiKeyRecord record = ApiKeyRecord.newBuilder().setKeyId(keyId).setTenantId(tenant.getId())
                .setSecretSha256(ByteString.copyFrom(ApiKeyVerifier.sha256(secretText)))
                .addAllScopes(scopes).setExpiresAtMs(expiresAtMs).build();
        keys.put(keyId, record);
        return CreateApiKeyResponse.newBuilder().setRecord(record)
                .setApiKey("cairn_" + keyId + "_" + secretText).build();
    }

    /** Makes API key lookups fail as they do while the control plane elects a leader. */
    volatile boolean lookupsFail;

    @Override
    public LookupApiKeyResponse lookupApiKey(String keyId) {
        lookups.incrementAndGet();
        if (lookupsFail) {
            throw new io.cairn.controlplane.client.ControlPlaneUnavailableException("no control-plane leader (test)", null);
        }
        ApiKeyRecord record = keys.get(keyId);
        if (record == null) {
            return LookupApiKeyResponse.newBuilder().setFound(false).build();
        }
        Tenant tenant = tenants.values().stream().filter(t -> t.getId() == record.getTenantId()).findFirst()
                .orElseThrow();
        return LookupApiKeyResponse.newBuilder().setFound(true).setRecord(record).setTenant(tenant).build();
    }

    @Override
    public RegisterNodeResponse registerNode(RegisterNodeRequest request) {
        throw new UnsupportedOperationException("gateways do not register");
    }

    @Override
    public HeartbeatResponse heartbeat(NodeHeartbeat heartbeat) {
        throw new UnsupportedOperationException("gateways do not heartbeat");
    }

    @Override
    public void close() {
    }
}
