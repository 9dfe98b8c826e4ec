package io.cairn.node;

import com.alipay.sofa.jraft.Closure;
import com.alipay.sofa.jraft.Iterator;
import com.alipay.sofa.jraft.Status;
import com.alipay.sofa.jraft.core.StateMachineAdapter;
import com.alipay.sofa.jraft.entity.LeaderChangeContext;
import com.alipay.sofa.jraft.error.RaftError;
import com.alipay.sofa.jraft.error.RaftException;
import com.alipay.sofa.jraft.storage.snapshot.SnapshotReader;
import com.alipay.sofa.jraft.storage.snapshot.SnapshotWriter;
import com.google.protobuf.InvalidProtocolBufferException;
import io.cairn.api.shard.KvErrorCode;
import io.cairn.api.shard.ShardCommand;
import io.cairn.api.shard.ShardResponse;
import io.cairn.node.lease.ShardLeases;
import io.cairn.node.mvcc.MvccStore;
import io.cairn.node.watch.EventHub;
import java.nio.ByteBuffer;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JRaft state machine of one shard: applies committed {@link ShardCommand}s to the
 * shard's {@link MvccStore} in log order, saves and loads snapshots, and tracks leadership.
 */
final class ShardStateMachine extends StateMachineAdapter {
    private static final Logger log = LoggerFactory.getLogger(ShardStateMachine.class);

    private final long shardId;
    private final MvccStore store;
    private final ShardSnapshots snapshots;
    private final EventHub events;
    private final ShardChangeApplier changes;
    private final ShardLeases leases;
    private volatile boolean leader;
    private volatile long term;

    ShardStateMachine(long shardId, MvccStore store, EventHub events, ShardChangeApplier changes, ShardLeases leases) {
        this.shardId = shardId;
        this.store = store;
        this.events = events;
        this.changes = changes;
        this.leases = leases;
        this.snapshots = new ShardSnapshots(shardId, store);
    }

    /** True once this replica leads and has applied every entry of earlier terms. */
    boolean isLeader() {
        return leader;
    }

    long term() {
        return term;
    }

    @Override
    public void onApply(Iterator iter) {
        StageTimings.Apply event = new StageTimings.Apply();
        event.begin();
        int entries = 0;
        while (iter.hasNext()) {
            entries++;
            long index = iter.getIndex();
            CommandProposal proposal = iter.done() instanceof CommandProposal p ? p : null;
            ShardResponse response;
            try {
                response = apply(index, iter.getData(), proposal);
            } catch (InvalidProtocolBufferException | RuntimeException e) {
                log.error("shard {}: cannot apply entry {}, stopping the replica", shardId, index, e);
                iter.setErrorAndRollback(1, new Status(RaftError.ESTATEMACHINE,
                        "shard %d cannot apply entry %d: %s", shardId, index, e));
                return;
            }
            events.applied(store.currentRevision());
            if (proposal != null) {
                proposal.applied(response != null ? response
                        : ShardErrors.kv(KvErrorCode.INTERNAL, "entry " + index + " was already applied"));
            }
            iter.next();
        }
        if (event.shouldCommit()) {
            event.shard = shardId;
            event.entries = entries;
            event.commit();
        }
    }

    private ShardResponse apply(long index, ByteBuffer data, CommandProposal proposal)
            throws InvalidProtocolBufferException {
        if (index <= store.appliedIndex()) {
            return null;
        }
        if (data == null || !data.hasRemaining()) {
            store.markApplied(index);
            return null;
        }
        ShardCommand command = proposal != null ? proposal.command() : ShardCommand.parseFrom(data.duplicate());
        Optional<ShardResponse> changed = changes.intercept(command, index);
        if (changed.isPresent()) {
            if (command.hasSplit() || command.hasCommitMerge()) {
                leases.reload();
            }
            return changed.get();
        }
        ShardResponse response = store.apply(command, index);
        leases.applied(command, response);
        return response;
    }

    @Override
    public void onSnapshotSave(SnapshotWriter writer, Closure done) {
        done.run(snapshots.save(writer));
    }

    @Override
    public boolean onSnapshotLoad(SnapshotReader reader) {
        if (leader) {
            log.warn("shard {}: refusing to load a snapshot while leading", shardId);
            return false;
        }
        boolean loaded = snapshots.load(reader);
        if (loaded) {
            changes.reload();
        }
        return loaded;
    }

    @Override
    public void onLeaderStart(long term) {
        this.term = term;
        leases.leaderStarted();
        this.leader = true;
        log.info("shard {}: leader in term {}", shardId, term);
    }

    @Override
    public void onLeaderStop(Status status) {
        this.leader = false;
        leases.leaderStopped();
        events.leaderStopped();
        log.info("shard {}: no longer leader ({})", shardId, status);
    }

    @Override
    public void onStartFollowing(LeaderChangeContext ctx) {
        this.term = ctx.getTerm();
    }

    @Override
    public void onError(RaftException e) {
        log.error("shard {}: replica stopped on error {}", shardId, e.getStatus(), e);
    }
}
