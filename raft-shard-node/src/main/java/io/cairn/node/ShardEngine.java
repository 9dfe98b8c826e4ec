package io.cairn.node;

import com.alipay.sofa.jraft.Status;
import com.alipay.sofa.jraft.entity.PeerId;
import com.alipay.sofa.jraft.error.RaftError;
import io.cairn.api.etcdserverpb.RangeRequest;
import io.cairn.api.meta.NodeDescriptor;
import io.cairn.api.meta.ShardDescriptor;
import io.cairn.api.shard.KvErrorCode;
import io.cairn.api.shard.ShardCommand;
import io.cairn.api.shard.ShardCompactRequest;
import io.cairn.api.shard.ShardRequest;
import io.cairn.api.shard.ShardResponse;
import io.cairn.node.lease.LeaseContext;
import io.cairn.node.lease.ShardLeases;
import io.cairn.node.mvcc.MvccStore;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One shard replica on this node: its Raft group, state machine and MVCC store. Serves
 * shard requests: writes through the {@link WriteLane} (fresh revision, Raft proposal),
 * linearizable reads through JRaft's read index, serializable reads from local state.
 */
final class ShardEngine implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ShardEngine.class);
    private static final long BUSY_BACKOFF_MS = 50;

    private final long shardId;
    private final EngineContext ctx;
    private final AtomicReference<ShardDescriptor> descriptor;
    private final MvccStore store;
    private final ShardStateMachine fsm;
    private final ShardLeases leases;
    private final InFlightWrites inFlight = new InFlightWrites();
    private final WriteLane writes;
    private final ShardGroup group;
    private final ShardReporter reporter;

    private ShardEngine(ShardDescriptor shard, Path dir, EngineContext ctx) {
        this.shardId = shard.getId();
        this.ctx = ctx;
        this.descriptor = new AtomicReference<>(shard);
        this.store = ctx.stores().apply(dir.resolve("mvcc"));
        this.leases = ShardLeases.create(new LeaseContext(store, this::write, this::proposeUnordered,
                this::isLeader, ctx.timers(), System::nanoTime,
                LeaseContext.LeaseTuning.forElectionTimeout(ctx.config().electionTimeoutMs()), ctx.leaseFanOut()));
        this.fsm = new ShardStateMachine(shardId, store, leases);
        this.writes = new WriteLane(ctx.revisions(), inFlight, this::propose,
                error -> ShardErrors.serverBusy("no revision from the timestamp oracle: " + error, BUSY_BACKOFF_MS));
        ShardGroup started;
        try {
            started = ShardGroup.start(shard, dir, ctx, fsm);
        } catch (RuntimeException e) {
            leases.close();
            store.close();
            throw e;
        }
        this.group = started;
        this.reporter = new ShardReporter(shardId, descriptor::get, store, fsm, group.node(), this::nodeIdAt);
    }

    static ShardEngine start(ShardDescriptor shard, Path dir, EngineContext ctx) {
        return new ShardEngine(shard, dir, ctx);
    }

    long shardId() {
        return shardId;
    }

    ShardReporter reporter() {
        return reporter;
    }

    /** Takes a newer descriptor (higher epoch) from the control plane. */
    void update(ShardDescriptor shard) {
        descriptor.updateAndGet(current -> newer(shard, current) ? shard : current);
    }

    private static boolean newer(ShardDescriptor a, ShardDescriptor b) {
        return a.getEpoch().getVersion() > b.getEpoch().getVersion()
                || a.getEpoch().getVersion() == b.getEpoch().getVersion()
                && a.getEpoch().getConfVer() > b.getEpoch().getConfVer();
    }

    CompletableFuture<ShardResponse> execute(ShardRequest request) {
        ShardDescriptor shard = descriptor.get();
        if (!ShardRequestCheck.fits(request, shard)) {
            return CompletableFuture.completedFuture(ShardErrors.epochNotMatch(shard));
        }
        CompletableFuture<ShardResponse> answer = switch (request.getOpCase()) {
            case RANGE -> range(request.getRange());
            case PUT -> write(ShardCommand.newBuilder().setPut(request.getPut())
                    .setLeasesChecked(request.getLeasesChecked()).build());
            case DELETE_RANGE -> write(ShardCommand.newBuilder().setDeleteRange(request.getDeleteRange()).build());
            case TXN -> write(ShardCommand.newBuilder().setTxn(request.getTxn())
                    .setLeasesChecked(request.getLeasesChecked()).build());
            case COMPACT -> compact(request.getCompact());
            case LEASE -> fsm.isLeader() ? leases.execute(request.getLease())
                    : CompletableFuture.completedFuture(notLeader());
            case DELETE_BY_LEASE -> write(ShardCommand.newBuilder().setDeleteByLease(request.getDeleteByLease()).build());
            case OP_NOT_SET -> CompletableFuture.completedFuture(
                    ShardErrors.kv(KvErrorCode.INVALID_ARGUMENT, "the request names no operation"));
        };
        return answer.handle((response, error) -> {
            if (error != null) {
                Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                log.warn("shard {}: request failed", shardId, cause);
                return ShardErrors.kv(KvErrorCode.INTERNAL, String.valueOf(cause));
            }
            return ResponseHeaders.stamp(response, fsm.term(), ctx.nodeId());
        });
    }

    private CompletableFuture<ShardResponse> write(ShardCommand command) {
        if (!fsm.isLeader()) {
            return CompletableFuture.completedFuture(notLeader());
        }
        return writes.submit(command);
    }

    /**
     * Compaction writes no key, so it carries revision 0 and needs no TSO call; like a read
     * at a revision, it first waits for the writes that started before it, so none at or
     * below the compaction revision lands after it.
     */
    private CompletableFuture<ShardResponse> compact(ShardCompactRequest request) {
        if (!fsm.isLeader()) {
            return CompletableFuture.completedFuture(notLeader());
        }
        ShardCommand command = ShardCommand.newBuilder().setRevision(0).setCompact(request).build();
        return inFlight.awaitStarted().thenCompose(ignored -> propose(command));
    }

    private CompletableFuture<ShardResponse> range(RangeRequest request) {
        if (request.getSerializable()) {
            return CompletableFuture.supplyAsync(() -> store.range(request), ctx.reads());
        }
        if (!fsm.isLeader()) {
            return CompletableFuture.completedFuture(notLeader());
        }
        CompletableFuture<Void> earlierWrites = request.getRevision() > 0
                ? inFlight.awaitStarted() : CompletableFuture.completedFuture(null);
        return earlierWrites
                .thenCompose(ignored -> group.readIndex())
                .thenApplyAsync(status -> status.isOk() ? store.range(request) : failure(status), ctx.reads());
    }

    private boolean isLeader() {
        return fsm.isLeader();
    }

    /** A command that writes no key (revision 0) needs no revision order: proposed directly. */
    private CompletableFuture<ShardResponse> proposeUnordered(ShardCommand command) {
        if (!fsm.isLeader()) {
            return CompletableFuture.completedFuture(notLeader());
        }
        return propose(command.toBuilder().setRevision(0).build());
    }

    private CompletableFuture<ShardResponse> propose(ShardCommand command) {
        return group.propose(command, this::proposalFailure);
    }

    /**
     * A proposal that Raft refused with EBUSY was never appended; any other failure after
     * submission (the leader stepped down, a timeout) leaves the outcome unknown: the entry
     * may still commit under the next leader, so the caller must not retry it as unapplied.
     */
    private ShardResponse proposalFailure(Status status) {
        RaftError error = status.getRaftError();
        if (error == RaftError.EBUSY) {
            return ShardErrors.serverBusy("shard " + shardId + ": Raft queue full", BUSY_BACKOFF_MS);
        }
        if (error == RaftError.ESTATEMACHINE || error == RaftError.EIO || error == RaftError.EINTERNAL) {
            return ShardErrors.kv(KvErrorCode.INTERNAL, "shard " + shardId + ": " + status);
        }
        if (error == RaftError.ETIMEDOUT) {
            return ShardErrors.kv(KvErrorCode.TIMEOUT, "etcdserver: request timed out");
        }
        return ShardErrors.kv(KvErrorCode.LEADER_CHANGED, "etcdserver: leader changed");
    }

    private ShardResponse failure(Status status) {
        RaftError error = status.getRaftError();
        if (error == RaftError.EBUSY) {
            return ShardErrors.serverBusy("shard " + shardId + ": Raft queue full", BUSY_BACKOFF_MS);
        }
        if (error == RaftError.ETIMEDOUT) {
            return ShardErrors.kv(KvErrorCode.TIMEOUT, "etcdserver: request timed out");
        }
        if (error == RaftError.ESTATEMACHINE || error == RaftError.EIO || error == RaftError.EINTERNAL) {
            return ShardErrors.kv(KvErrorCode.INTERNAL, "shard " + shardId + ": " + status);
        }
        return notLeader();
    }

    private ShardResponse notLeader() {
        PeerId leader = group.node().getLeaderId();
        Optional<NodeDescriptor> node = leader == null || leader.isEmpty() ? Optional.empty()
                : ctx.directory().get().atRaftAddress(leader.getEndpoint().toString());
        return ShardErrors.notLeader(shardId,
                node.map(NodeDescriptor::getId).orElse(0L),
                node.map(NodeDescriptor::getRpcAddress).orElse(""));
    }

    private long nodeIdAt(PeerId peer) {
        return peer == null || peer.isEmpty() ? 0
                : ctx.directory().get().atRaftAddress(peer.getEndpoint().toString()).map(NodeDescriptor::getId).orElse(0L);
    }

    /** Starts stopping the Raft group, so a node can stop all its groups at once. */
    void shutdown() {
        leases.close();
        group.shutdown();
    }

    @Override
    public void close() {
        leases.close();
        group.close();
        store.close();
    }
}
