package io.cairn.node.lease;

import com.google.protobuf.ByteString;
import io.cairn.api.etcdserverpb.LeaseGrantRequest;
import io.cairn.api.etcdserverpb.LeaseKeepAliveResponse;
import io.cairn.api.etcdserverpb.LeaseLeasesResponse;
import io.cairn.api.etcdserverpb.LeaseStatus;
import io.cairn.api.etcdserverpb.LeaseTimeToLiveRequest;
import io.cairn.api.etcdserverpb.LeaseTimeToLiveResponse;
import io.cairn.api.etcdserverpb.ResponseHeader;
import io.cairn.api.shard.KvErrorCode;
import io.cairn.api.shard.LeaseCheckpoint;
import io.cairn.api.shard.LeaseCheckpointCommand;
import io.cairn.api.shard.LeaseGrantCommand;
import io.cairn.api.shard.LeaseRevokeCommand;
import io.cairn.api.shard.ShardCommand;
import io.cairn.api.shard.ShardLeaseRequest;
import io.cairn.api.shard.ShardResponse;
import io.cairn.api.shard.StoredLease;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link ShardLeases} on a {@link Lessor}; every access to the lessor holds {@code this}. */
final class LeaseService implements ShardLeases {
    private static final Logger log = LoggerFactory.getLogger(LeaseService.class);
    private static final int MAX_REVOKES_PER_TICK = 256;
    private static final int MAX_CHECKPOINTS_PER_ENTRY = 1000;

    private final LeaseContext ctx;
    private final Lessor lessor = new Lessor();
    private final ScheduledFuture<?> ticks;
    private boolean leading;

    LeaseService(LeaseContext ctx) {
        this.ctx = ctx;
        long tick = ctx.tuning().tick().toMillis();
        this.ticks = ctx.timers().scheduleWithFixedDelay(this::tickSafely, tick, tick, TimeUnit.MILLISECONDS);
    }

    @Override
    public CompletableFuture<ShardResponse> execute(ShardLeaseRequest request) {
        ByteString tenant = request.getTenant();
        if (tenant.size() != 8) {
            return CompletableFuture.completedFuture(LeaseAnswers.error(KvErrorCode.INVALID_ARGUMENT,
                    "cairn: a lease request needs an 8-byte tenant"));
        }
        return switch (request.getOpCase()) {
            case GRANT -> grant(tenant, request.getGrant(), 3);
            case REVOKE -> revoke(tenant, request.getRevoke().getID());
            case KEEP_ALIVE -> keepAlive(tenant, request.getKeepAlive().getID());
            case TIME_TO_LIVE -> CompletableFuture.completedFuture(timeToLive(tenant, request.getTimeToLive()));
            case LEASES -> CompletableFuture.completedFuture(leases(tenant));
            case OP_NOT_SET -> CompletableFuture.completedFuture(
                    LeaseAnswers.error(KvErrorCode.INVALID_ARGUMENT, "cairn: the lease request names no operation"));
        };
    }

    private CompletableFuture<ShardResponse> grant(ByteString tenant, LeaseGrantRequest request, int attempts) {
        long id = request.getID() != 0 ? request.getID() : ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
        long ttl = Math.max(request.getTTL(), ctx.tuning().minTtlSeconds());
        ShardCommand command = ShardCommand.newBuilder().setLeaseGrant(
                LeaseGrantCommand.newBuilder().setTenant(tenant).setId(id).setTtl(ttl)).build();
        return ctx.propose().apply(command).thenCompose(response -> {
            boolean clash = LeaseAnswers.isError(response, KvErrorCode.LEASE_EXISTS);
            if (clash && request.getID() == 0 && attempts > 1) {
                return grant(tenant, request, attempts - 1);
            }
            return CompletableFuture.completedFuture(response);
        });
    }

    private CompletableFuture<ShardResponse> revoke(ByteString tenant, long id) {
        ShardCommand command = ShardCommand.newBuilder().setLeaseRevoke(
                LeaseRevokeCommand.newBuilder().setTenant(tenant).setId(id)).build();
        return ctx.write().apply(command).thenApply(response -> {
            if (response.hasLeaseRevoke()) {
                ctx.fanOut().revoked(tenant, id, response.getLeaseRevoke().getHeader().getRevision());
            }
            return response;
        });
    }

    private CompletableFuture<ShardResponse> keepAlive(ByteString tenant, long id) {
        LeaseId lease = Lessor.id(tenant, id);
        Lessor.Renewal renewal;
        synchronized (this) {
            renewal = lessor.renew(lease, ctx.nanoTime().getAsLong());
        }
        ShardResponse answer = ShardResponse.newBuilder().setLeaseKeepAlive(LeaseKeepAliveResponse.newBuilder()
                .setHeader(header()).setID(id).setTTL(renewal.ttl())).build();
        if (!renewal.resetCheckpoint()) {
            return CompletableFuture.completedFuture(answer);
        }
        // The persisted remaining TTL is below the TTL just granted: reset it first, or a new
        // leader would expire the lease before the client's next keepalive (etcd does the same).
        return checkpoint(List.of(Lessor.checkpoint(lease, 0))).thenApply(done ->
                done.hasError() ? done : answer);
    }

    private ShardResponse timeToLive(ByteString tenant, LeaseTimeToLiveRequest request) {
        LeaseTimeToLiveResponse.Builder response = LeaseTimeToLiveResponse.newBuilder()
                .setHeader(header()).setID(request.getID()).setTTL(-1);
        ctx.store().lease(tenant, request.getID()).ifPresent(stored -> {
            OptionalLong remaining;
            synchronized (this) {
                remaining = lessor.remaining(Lessor.id(tenant, request.getID()), ctx.nanoTime().getAsLong());
            }
            response.setGrantedTTL(stored.getTtl()).setTTL(remaining.orElse(stored.getTtl()));
        });
        if (request.getKeys()) {
            response.addAllKeys(ctx.store().leaseKeys(tenant, request.getID()));
        }
        return ShardResponse.newBuilder().setLeaseTimeToLive(response).build();
    }

    private ShardResponse leases(ByteString tenant) {
        LeaseLeasesResponse.Builder response = LeaseLeasesResponse.newBuilder().setHeader(header());
        for (StoredLease stored : ctx.store().leases(tenant)) {
            response.addLeases(LeaseStatus.newBuilder().setID(stored.getId()));
        }
        return ShardResponse.newBuilder().setLeaseLeases(response).build();
    }

    private ResponseHeader header() {
        return ResponseHeader.newBuilder().setRevision(ctx.store().currentRevision()).build();
    }

    private CompletableFuture<ShardResponse> checkpoint(List<LeaseCheckpoint> checkpoints) {
        return ctx.propose().apply(ShardCommand.newBuilder().setLeaseCheckpoint(
                LeaseCheckpointCommand.newBuilder().addAllCheckpoints(checkpoints)).build());
    }

    @Override
    public synchronized void applied(ShardCommand command, ShardResponse response) {
        if (!leading || response == null || response.hasError()) {
            return;
        }
        long now = ctx.nanoTime().getAsLong();
        switch (command.getOpCase()) {
            case LEASE_GRANT -> lessor.granted(Lessor.id(command.getLeaseGrant().getTenant(),
                    command.getLeaseGrant().getId()), command.getLeaseGrant().getTtl(), now);
            case LEASE_REVOKE -> lessor.revoked(Lessor.id(command.getLeaseRevoke().getTenant(),
                    command.getLeaseRevoke().getId()));
            case LEASE_CHECKPOINT -> command.getLeaseCheckpoint().getCheckpointsList().forEach(cp ->
                    lessor.checkpointed(Lessor.id(cp.getTenant(), cp.getId()), cp.getRemainingTtl()));
            default -> {
            }
        }
    }

    @Override
    public synchronized void leaderStarted() {
        List<StoredLease> stored = ctx.store().leases(ByteString.EMPTY);
        lessor.promote(stored, ctx.nanoTime().getAsLong());
        leading = true;
        if (!stored.isEmpty()) {
            log.info("leading {} leases", stored.size());
        }
    }

    @Override
    public synchronized void reload() {
        if (leading) {
            lessor.resync(ctx.store().leases(ByteString.EMPTY), ctx.nanoTime().getAsLong());
        }
    }

    @Override
    public synchronized void leaderStopped() {
        leading = false;
        lessor.demote();
    }

    private void tickSafely() {
        try {
            tick();
        } catch (RuntimeException e) {
            log.warn("lease tick failed", e);
        }
    }

    /** Proposes a revoke for each expired lease and a checkpoint for silent ones; leader only. */
    void tick() {
        List<LeaseId> expired;
        List<LeaseCheckpoint> due;
        synchronized (this) {
            if (!leading || !ctx.isLeader().getAsBoolean()) {
                return;
            }
            long now = ctx.nanoTime().getAsLong();
            expired = lessor.takeExpired(now, MAX_REVOKES_PER_TICK);
            due = lessor.checkpointsDue(now, ctx.tuning().checkpointSilence().toNanos(), MAX_CHECKPOINTS_PER_ENTRY);
        }
        for (LeaseId lease : expired) {
            revoke(lease.tenant(), lease.id()).whenComplete((response, error) -> {
                boolean gone = response != null && (response.hasLeaseRevoke()
                        || LeaseAnswers.isError(response, KvErrorCode.LEASE_NOT_FOUND));
                synchronized (this) {
                    if (gone) {
                        lessor.revoked(lease);
                    } else {
                        lessor.revokeFailed(lease);
                    }
                }
            });
        }
        if (!due.isEmpty()) {
            checkpoint(due);
        }
    }

    @Override
    public void close() {
        ticks.cancel(false);
    }
}
