package io.cairn.gateway.concurrency;

import com.google.protobuf.ByteString;
import io.cairn.api.etcdserverpb.RangeResponse;
import io.cairn.api.etcdserverpb.ResponseHeader;
import io.cairn.api.etcdserverpb.TxnRequest;
import io.cairn.api.etcdserverpb.TxnResponse;
import io.cairn.api.mvccpb.KeyValue;
import io.cairn.api.v3electionpb.CampaignRequest;
import io.cairn.api.v3electionpb.CampaignResponse;
import io.cairn.api.v3electionpb.LeaderKey;
import io.cairn.api.v3electionpb.LeaderRequest;
import io.cairn.api.v3electionpb.LeaderResponse;
import io.cairn.api.v3electionpb.ProclaimRequest;
import io.cairn.api.v3electionpb.ProclaimResponse;
import io.cairn.api.v3electionpb.ResignRequest;
import io.cairn.api.v3electionpb.ResignResponse;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * etcd's {@code v3election} server, i.e. {@code concurrency.Election} run for the caller.
 * Campaigners queue like lock waiters (key {@code name/<lease hex>}, ordered by create
 * revision); the leader is the oldest key, and its value is the proclamation.
 */
public final class ElectionCore {
    private static final Logger LOG = LoggerFactory.getLogger(ElectionCore.class);

    public CampaignResponse campaign(TenantStore store, CampaignRequest request, Cancellation cancel) {
        long lease = Recipes.sessionLease(store, request.getLease());
        ByteString prefix = Recipes.prefix(request.getName());
        ByteString key = Recipes.contenderKey(prefix, lease);
        TxnResponse entered = store.txn(TxnRequest.newBuilder()
                .addCompare(Recipes.createRevisionIs(key, 0))
                .addSuccess(Recipes.put(key, request.getValue(), lease))
                .addFailure(Recipes.get(key))
                .build());
        LeaderKey leader = LeaderKey.newBuilder().setName(request.getName()).setKey(key)
                .setRev(entered.getHeader().getRevision()).setLease(lease).build();
        if (!entered.getSucceeded()) {
            KeyValue existing = entered.getResponses(0).getResponseRange().getKvs(0);
            leader = leader.toBuilder().setRev(existing.getCreateRevision()).build();
            if (!existing.getValue().equals(request.getValue())) {
                try {
                    proclaim(store, leader, request.getValue());
                } catch (RuntimeException e) {
                    resignQuietly(store, leader);
                    throw e;
                }
            }
        }
        try {
            Waits.deletes(store, prefix, key, leader.getRev(), false, cancel);
        } catch (RuntimeException e) {
            if (cancel.isCancelled()) {
                resignQuietly(store, leader);
            }
            throw e;
        }
        return CampaignResponse.newBuilder().setHeader(entered.getHeader()).setLeader(leader).build();
    }

    public ProclaimResponse proclaim(TenantStore store, ProclaimRequest request) {
        if (!request.hasLeader()) {
            throw new ConcurrencyException(ConcurrencyException.Reason.MISSING_LEADER_KEY);
        }
        LeaderKey leader = request.getLeader().toBuilder()
                .setLease(Recipes.sessionLease(store, request.getLeader().getLease())).build();
        return ProclaimResponse.newBuilder().setHeader(proclaim(store, leader, request.getValue())).build();
    }

    public LeaderResponse leader(TenantStore store, LeaderRequest request) {
        RangeResponse first = store.range(Recipes.firstCreated(Recipes.prefix(request.getName())));
        if (first.getKvsCount() == 0) {
            throw new ConcurrencyException(ConcurrencyException.Reason.NO_LEADER);
        }
        return LeaderResponse.newBuilder().setHeader(first.getHeader()).setKv(first.getKvs(0)).build();
    }

    /** Streams the leader's key-value at once (or once there is one), then at every change, until cancelled. */
    public void observe(TenantStore store, LeaderRequest request, Cancellation cancel, Consumer<LeaderResponse> sink) {
        new LeaderObserver(store, Recipes.prefix(request.getName()), cancel, sink).run();
    }

    public ResignResponse resign(TenantStore store, ResignRequest request) {
        if (!request.hasLeader()) {
            throw new ConcurrencyException(ConcurrencyException.Reason.MISSING_LEADER_KEY);
        }
        Recipes.sessionLease(store, request.getLeader().getLease());
        return ResignResponse.newBuilder().setHeader(resign(store, request.getLeader())).build();
    }

    /** Puts the value only while the leader key still exists with its create revision. */
    private static ResponseHeader proclaim(TenantStore store, LeaderKey leader, ByteString value) {
        TxnResponse put = store.txn(TxnRequest.newBuilder()
                .addCompare(Recipes.createRevisionIs(leader.getKey(), leader.getRev()))
                .addSuccess(Recipes.put(leader.getKey(), value, leader.getLease()))
                .build());
        if (!put.getSucceeded()) {
            throw new ConcurrencyException(ConcurrencyException.Reason.NOT_LEADER);
        }
        return put.getHeader();
    }

    /** Deletes the leader key if it is still this leadership's; not being leader is no error. */
    private static ResponseHeader resign(TenantStore store, LeaderKey leader) {
        return store.txn(TxnRequest.newBuilder()
                .addCompare(Recipes.createRevisionIs(leader.getKey(), leader.getRev()))
                .addSuccess(Recipes.delete(leader.getKey()))
                .build()).getHeader();
    }

    private static void resignQuietly(TenantStore store, LeaderKey leader) {
        try {
            resign(store, leader);
        } catch (RuntimeException e) {
            LOG.warn("could not withdraw a campaign; its lease will: {}", e.toString());
        }
    }
}
