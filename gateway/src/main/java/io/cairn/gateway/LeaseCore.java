package io.cairn.gateway;

import com.google.protobuf.ByteString;
import io.cairn.api.etcdserverpb.LeaseGrantRequest;
import io.cairn.api.etcdserverpb.LeaseGrantResponse;
import io.cairn.api.etcdserverpb.LeaseKeepAliveRequest;
import io.cairn.api.etcdserverpb.LeaseKeepAliveResponse;
import io.cairn.api.etcdserverpb.LeaseLeasesRequest;
import io.cairn.api.etcdserverpb.LeaseLeasesResponse;
import io.cairn.api.etcdserverpb.LeaseRevokeRequest;
import io.cairn.api.etcdserverpb.LeaseRevokeResponse;
import io.cairn.api.etcdserverpb.LeaseTimeToLiveRequest;
import io.cairn.api.etcdserverpb.LeaseTimeToLiveResponse;
import io.cairn.api.meta.ShardRoute;
import io.cairn.api.shard.KvErrorCode;
import io.cairn.api.shard.ShardLeaseRequest;
import io.cairn.api.shard.ShardRequest;
import io.cairn.api.shard.ShardResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * The Lease operations of one tenant, shared by gRPC and REST: every call goes to the
 * tenant's lease home, the shard owning the tenant's first internal key, which holds all of
 * the tenant's leases (docs/adr/0005-leases.md). Lease ids are the tenant's own: the home
 * looks them up under the tenant, so another tenant's lease is simply not found.
 */
final class LeaseCore {
    private final ShardRouter router;
    private final ResponseHeaders headers;

    LeaseCore(ShardRouter router, ResponseHeaders headers) {
        this.router = router;
        this.headers = headers;
    }

    LeaseGrantResponse grant(TenantPrincipal tenant, LeaseGrantRequest request) {
        LeaseGrantResponse r = home(tenant, true, ShardLeaseRequest.newBuilder().setGrant(request)).getLeaseGrant();
        return r.toBuilder().setHeader(headers.of(r.getHeader())).build();
    }

    LeaseRevokeResponse revoke(TenantPrincipal tenant, LeaseRevokeRequest request) {
        LeaseRevokeResponse r = home(tenant, true, ShardLeaseRequest.newBuilder().setRevoke(request)).getLeaseRevoke();
        return r.toBuilder().setHeader(headers.of(r.getHeader())).build();
    }

    LeaseKeepAliveResponse keepAlive(TenantPrincipal tenant, LeaseKeepAliveRequest request) {
        LeaseKeepAliveResponse r = home(tenant, false, ShardLeaseRequest.newBuilder().setKeepAlive(request))
                .getLeaseKeepAlive();
        return r.toBuilder().setHeader(headers.of(r.getHeader())).build();
    }

    LeaseLeasesResponse leases(TenantPrincipal tenant, LeaseLeasesRequest request) {
        LeaseLeasesResponse r = home(tenant, false, ShardLeaseRequest.newBuilder().setLeases(request)).getLeaseLeases();
        return r.toBuilder().setHeader(headers.of(r.getHeader())).build();
    }

    /** TTL from the home; attached keys from every shard of the tenant, prefixes stripped. */
    LeaseTimeToLiveResponse timeToLive(TenantPrincipal tenant, LeaseTimeToLiveRequest request) {
        TenantKeyCodec codec = new TenantKeyCodec(tenant.tenantId());
        ShardLeaseRequest ask = ShardLeaseRequest.newBuilder().setTenant(codec.start()).setTimeToLive(request).build();
        LeaseTimeToLiveResponse r = router.run(false, snapshot -> {
            ShardRoute home = router.routeFor(snapshot, codec.start());
            List<ShardRoute> shards = request.getKeys() ? snapshot.overlapping(codec.start(), codec.end()) : List.of();
            List<Callable<LeaseTimeToLiveResponse>> calls = new ArrayList<>();
            calls.add(() -> call(snapshot, home, ask).getLeaseTimeToLive());
            for (ShardRoute shard : shards) {
                if (shard.getShard().getId() != home.getShard().getId()) {
                    calls.add(() -> call(snapshot, shard, ask).getLeaseTimeToLive());
                }
            }
            List<LeaseTimeToLiveResponse> answers = router.all(calls);
            LeaseTimeToLiveResponse.Builder merged = answers.get(0).toBuilder().clearKeys();
            for (LeaseTimeToLiveResponse answer : answers) {
                answer.getKeysList().forEach(key -> merged.addKeys(codec.userKey(key)));
            }
            return merged.build();
        });
        return r.toBuilder().setHeader(headers.of(r.getHeader())).build();
    }

    /**
     * For a write attaching {@code ids} on shard {@code target}: when the target is the
     * tenant's lease home, its own lease table decides (the request is left as is);
     * otherwise each lease is looked up on the home first (LEASE_NOT_FOUND when one is
     * missing) and the write carries {@code leases_checked} with the lowest home revision
     * the lookups read. A revoke racing with the write: if its fan-out reaches the target
     * first, the target refuses the write (the revoke's revision is above the checked one);
     * otherwise the fan-out deletes the key (docs/leases.md, docs/adr/0005-leases.md).
     */
    ShardRequest.Builder checkedOnHome(TenantPrincipal tenant, RouteSnapshot snapshot, ShardRoute target,
                                       Set<Long> ids, ShardRequest.Builder request) {
        if (ids.isEmpty()) {
            return request;
        }
        ByteString prefix = new TenantKeyCodec(tenant.tenantId()).start();
        ShardRoute home = router.routeFor(snapshot, prefix);
        if (home.getShard().getId() == target.getShard().getId()) {
            return request;
        }
        long checkedAt = Long.MAX_VALUE;
        for (long id : ids) {
            ShardLeaseRequest ask = ShardLeaseRequest.newBuilder().setTenant(prefix)
                    .setTimeToLive(LeaseTimeToLiveRequest.newBuilder().setID(id)).build();
            LeaseTimeToLiveResponse answer = call(snapshot, home, ask).getLeaseTimeToLive();
            if (answer.getTTL() == -1) {
                throw GatewayException.kv(KvErrorCode.LEASE_NOT_FOUND);
            }
            checkedAt = Math.min(checkedAt, answer.getHeader().getRevision());
        }
        return request.setLeasesChecked(true).setLeasesCheckedRevision(checkedAt);
    }

    private ShardResponse home(TenantPrincipal tenant, boolean write, ShardLeaseRequest.Builder request) {
        ByteString prefix = new TenantKeyCodec(tenant.tenantId()).start();
        ShardLeaseRequest built = request.setTenant(prefix).build();
        return router.run(write, snapshot -> call(snapshot, router.routeFor(snapshot, prefix), built));
    }

    private ShardResponse call(RouteSnapshot snapshot, ShardRoute shard, ShardLeaseRequest request) {
        return router.call(snapshot, shard, ShardRequest.newBuilder().setLease(request));
    }
}
