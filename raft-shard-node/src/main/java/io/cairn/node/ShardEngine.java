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
import io.cairn.api.shard.ShardWatchRequest;
import io.cairn.api.shard.ShardWatchResponse;
import io.cairn.node.lease.LeaseContext;
import io.cairn.node.lease.ShardLeases;
import io.cairn.node.mvcc.MvccStore;
import io.cairn.node.watch.EventHub;
import io.cairn.node.watch.WatchEndedException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
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
    private final EventHub events;
    private final ShardLeases leases;
    private final InFlightWrites inFlight = new InFlightWrites();
    private final WriteLane writes;
    private final ShardGroup group;
    private final ShardReporter reporter;
    private final ShardChangeApplier changes;
    private final ShardLoad load = new ShardLoad();

    private ShardEngine(ShardDescriptor shard, Path dir, EngineContext ctx, SplitHost splits, MergeHost merges) {
        this.shardId = shard.getId();
        this.ctx = ctx;
        this.store = ctx.stores().apply(dir.resolve("mvcc"));
        this.descriptor = new AtomicReference<>(ReplicaStart.descriptor(shard, store, ctx.nodeId()));
        this.events = new EventHub(shardId, store, this::watchBarrier);
        this.changes = new ShardChangeApplier(ctx.nodeId(), store, this::adopt, splits, merges, new MergeEvents() {
            @Override
            public void frozen() {
                changes.freeze().ifPresent(f -> events.endAll(MergeExecution.frozen(f).getError()));
            }

            @Override
            public void absorbed() {
                snapshotSoon();
            }
        });
        this.leases = ShardLeases.create(new LeaseContext(store, this::write, this::proposeUnordered,
                this::isLeader, ctx.timers(), System::nanoTime,
                LeaseContext.LeaseTuning.forElectionTimeout(ctx.config().electionTimeoutMs()), ctx.leaseFanOut()));
        this.fsm = new ShardStateMachine(shardId, store, events, changes, leases);
        this.writes = new WriteLane(shardId, ctx.revisions(), inFlight, this::propose,
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
        this.reporter = new ShardReporter(shardId, descriptor::get, store, fsm, group.node(), this::nodeIdAt,
                new LeaderStats(group.node(), ctx.directory(), store, load));
    }

    static ShardEngine start(ShardDescriptor shard, Path dir, EngineContext ctx, SplitHost splits,
            MergeHost merges) {
        return new ShardEngine(shard, dir, ctx, splits, merges);
    }

    /** Whether this replica is a frozen merge source (it serves nothing until it is retired). */
    boolean isFrozen() {
        return changes.freeze().isPresent();
    }

    /** Proposes {@code command} with a fresh revision, ordered after every write that took one before. */
    CompletableFuture<ShardResponse> proposeOrdered(ShardCommand command) {
        return write(command);
    }

    /**
     * A snapshot right after a merge: a replica that later catches up from the leader then gets
     * the merged state instead of replaying the merge commit, which needs a source replica that
     * is retired by then.
     */
    private void snapshotSoon() {
        Thread.ofVirtual().name("snapshot-after-merge-" + shardId).start(() -> {
            ShardGroup started = group;
            if (started == null) {
                return; // replayed while starting: the next periodic snapshot covers it
            }
            started.node().snapshot(status -> {
                if (!status.isOk()) {
                    log.warn("shard {}: snapshot after the merge failed: {}", shardId, status);
                }
            });
        });
    }

    ShardDescriptor descriptor() {
        return descriptor.get();
    }

    MvccStore store() {
        return store;
    }

    ShardGroup group() {
        return group;
    }

    boolean isLeader() {
        return fsm.isLeader();
    }

    /** Proposes a command that changes the shard itself (membership record, split). */
    CompletableFuture<ShardResponse> proposeChange(ShardCommand command) {
        return propose(command);
    }

    /** Takes a descriptor recorded through the Raft log unless the current one is newer. */
    void adopt(ShardDescriptor recorded) {
        ShardDescriptor before = descriptor.getAndUpdate(current -> newer(current, recorded) ? current : recorded);
        endStaleWatches(before);
    }

    long shardId() {
        return shardId;
    }

    ShardReporter reporter() {
        return reporter;
    }

    /** Takes a newer descriptor (higher epoch) from the control plane. */
    void update(ShardDescriptor shard) {
        ShardDescriptor before = descriptor.getAndUpdate(current -> newer(shard, current) ? shard : current);
        endStaleWatches(before);
    }

    /**
     * After a descriptor change: ends the watch streams opened at another epoch version or over
     * keys the shard no longer holds (a split), with EPOCH_NOT_MATCH naming what the shard is now
     * (and the shard split off it). Runs on the applying thread before any later entry, so such a
     * stream never reports progress past the change.
     */
    private void endStaleWatches(ShardDescriptor before) {
        ShardDescriptor now = descriptor.get();
        if (before.getEpoch().getVersion() != now.getEpoch().getVersion()) {
            events.endIf(request -> !watchFits(request, now), changes.epochNotMatch(now).getError());
        }
    }

    private static boolean watchFits(ShardWatchRequest request, ShardDescriptor shard) {
        return request.getContext().getEpoch().getVersion() == shard.getEpoch().getVersion()
                && ShardRequestCheck.inRange(request.getKey(), request.getRangeEnd(), shard);
    }

    private static boolean newer(ShardDescriptor a, ShardDescriptor b) {
        return a.getEpoch().getVersion() > b.getEpoch().getVersion()
                || a.getEpoch().getVersion() == b.getEpoch().getVersion()
                && a.getEpoch().getConfVer() > b.getEpoch().getConfVer();
    }

    /**
     * Serves one request without blocking the calling thread (the gRPC transport's): reads
     * of the store run on the read executor, writes and read indexes complete from JRaft's
     * threads.
     */
    CompletableFuture<ShardResponse> execute(ShardRequest request) {
        ShardDescriptor shard = descriptor.get();
        Optional<ShardResponse> frozen = frozenRefusal();
        if (frozen.isPresent()) {
            return CompletableFuture.completedFuture(frozen.get());
        }
        if (!ShardRequestCheck.fits(request, shard)) {
            return CompletableFuture.completedFuture(changes.epochNotMatch(shard));
        }
        load.record(request.getOpCase());
        CompletableFuture<ShardResponse> answer = switch (request.getOpCase()) {
            case RANGE -> range(request.getRange()).thenApply(response -> stillFits(request, response));
            case PUT -> write(ShardCommand.newBuilder().setPut(request.getPut())
                    .setLeasesChecked(request.getLeasesChecked())
                    .setLeasesCheckedRevision(request.getLeasesCheckedRevision()).build());
            case DELETE_RANGE -> write(ShardCommand.newBuilder().setDeleteRange(request.getDeleteRange()).build());
            case TXN -> write(ShardCommand.newBuilder().setTxn(request.getTxn())
                    .setLeasesChecked(request.getLeasesChecked())
                    .setLeasesCheckedRevision(request.getLeasesCheckedRevision()).build());
            case COMPACT -> compact(request.getCompact());
            case LEASE -> fsm.isLeader()
                    ? CompletableFuture.supplyAsync(() -> leases.execute(request.getLease()), ctx.reads())
                            .thenCompose(answered -> answered)
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

    /**
     * Opens a watch stream on this replica if it leads and the request's epoch and range fit
     * the shard; otherwise answers the routing error and ends the stream.
     */
    void watch(ShardWatchRequest request, StreamObserver<ShardWatchResponse> out) {
        ShardDescriptor shard = descriptor.get();
        ShardResponse refusal = frozenRefusal().orElse(null);
        if (refusal == null && !watchFits(request, shard)) {
            refusal = changes.epochNotMatch(shard);
        }
        if (refusal == null && !fsm.isLeader()) {
            refusal = notLeader();
        }
        if (refusal != null) {
            out.onNext(ShardWatchResponse.newBuilder().setError(refusal.getError()).build());
            out.onCompleted();
            return;
        }
        events.subscribe(request, (ServerCallStreamObserver<ShardWatchResponse>) out, fsm.term());
        // The descriptor may have changed between the check and the subscription, after the
        // change ended the stale streams: end this one too if so.
        ShardDescriptor now = descriptor.get();
        if (!watchFits(request, now)) {
            events.endIf(r -> r == request, changes.epochNotMatch(now).getError());
        }
    }

    /**
     * The watch progress barrier: a fresh TSO revision R, then every write that started
     * before has finished and a read index confirms this replica still leads, so no event
     * at or below R can be applied here later.
     */
    private CompletableFuture<Long> watchBarrier() {
        if (!fsm.isLeader()) {
            return CompletableFuture.failedFuture(new WatchEndedException(notLeader().getError()));
        }
        long epochVersion = descriptor.get().getEpoch().getVersion();
        return ctx.revisions().allocate(1).thenCompose(revision -> inFlight.awaitStarted()
                .thenCompose(ignored -> group.readIndex())
                .thenApply(status -> {
                    if (status.isOk() && descriptor.get().getEpoch().getVersion() != epochVersion) {
                        // A split applied meanwhile: R says nothing about keys that moved.
                        throw new IllegalStateException("shard " + shardId + ": epoch changed during the barrier");
                    }
                    if (status.isOk()) {
                        return revision;
                    }
                    ShardResponse failed = failure(status);
                    if (failed.getError().hasNotLeader()) {
                        throw new WatchEndedException(failed.getError());
                    }
                    throw new IllegalStateException("shard " + shardId + ": read index failed: " + status);
                }));
    }

    /**
     * A read that raced a split may have missed moved keys: it answers EPOCH_NOT_MATCH instead.
     * One that raced a merge freeze is refused too: once the freeze applied here, the target may
     * already take writes in this range.
     */
    /** The refusal of a frozen merge source (one read of the freeze, which a snapshot may replace). */
    private Optional<ShardResponse> frozenRefusal() {
        return changes.freeze().map(MergeExecution::frozen);
    }

    private ShardResponse stillFits(ShardRequest request, ShardResponse response) {
        Optional<ShardResponse> frozen = frozenRefusal();
        if (frozen.isPresent()) {
            return frozen.get();
        }
        ShardDescriptor now = descriptor.get();
        return ShardRequestCheck.fits(request, now) ? response : changes.epochNotMatch(now);
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
        long started = System.nanoTime();
        CompletableFuture<Void> earlierWrites = request.getRevision() > 0
                ? inFlight.awaitStarted() : CompletableFuture.completedFuture(null);
        return earlierWrites
                .thenCompose(ignored -> group.readIndex())
                .thenApplyAsync(status -> status.isOk() ? timedRange(request, started) : failure(status), ctx.reads());
    }

    private ShardResponse timedRange(RangeRequest request, long started) {
        long indexed = System.nanoTime();
        ShardResponse response = store.range(request);
        StageTimings.LinearizableRead event = new StageTimings.LinearizableRead();
        if (event.isEnabled()) {
            long now = System.nanoTime();
            event.shard = shardId;
            event.readIndex = indexed - started;
            event.storeRead = now - indexed;
            event.total = now - started;
            event.commit();
        }
        return response;
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
        events.close();
        leases.close();
        group.shutdown();
    }

    @Override
    public void close() {
        events.close();
        leases.close();
        group.close();
        store.close();
    }
}
