package io.cairn.gateway;

import com.google.protobuf.ByteString;
import io.cairn.api.etcdserverpb.DeleteRangeRequest;
import io.cairn.api.etcdserverpb.DeleteRangeResponse;
import io.cairn.api.etcdserverpb.LeaseGrantRequest;
import io.cairn.api.etcdserverpb.RangeRequest;
import io.cairn.api.etcdserverpb.RangeResponse;
import io.cairn.api.etcdserverpb.TxnRequest;
import io.cairn.api.etcdserverpb.TxnResponse;
import io.cairn.gateway.concurrency.KeyWatch;
import io.cairn.gateway.concurrency.TenantStore;

/** Locks' and elections' view of one tenant: the gateway's own KV, lease and watch code, in process. */
final class GatewayTenantStore implements TenantStore {
    private final TenantPrincipal tenant;
    private final KvCore kv;
    private final LeaseCore leases;
    private final WatchSessions watches;

    GatewayTenantStore(TenantPrincipal tenant, KvCore kv, LeaseCore leases, WatchSessions watches) {
        this.tenant = tenant;
        this.kv = kv;
        this.leases = leases;
        this.watches = watches;
    }

    @Override
    public TxnResponse txn(TxnRequest request) {
        return kv.txn(tenant, request);
    }

    @Override
    public RangeResponse range(RangeRequest request) {
        return kv.range(tenant, request);
    }

    @Override
    public DeleteRangeResponse deleteRange(DeleteRangeRequest request) {
        return kv.deleteRange(tenant, request);
    }

    @Override
    public long grantLease(long ttlSeconds) {
        return leases.grant(tenant, LeaseGrantRequest.newBuilder().setTTL(ttlSeconds).build()).getID();
    }

    @Override
    public KeyWatch watch(ByteString key, ByteString rangeEnd, long startRevision) {
        return new SessionKeyWatch(watches, tenant, key, rangeEnd, startRevision);
    }
}
