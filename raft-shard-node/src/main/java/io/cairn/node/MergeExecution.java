package io.cairn.node;

import com.google.protobuf.TextFormat;
import io.cairn.api.meta.ShardDescriptor;
import io.cairn.api.shard.ShardCommitMergeCommand;
import io.cairn.api.shard.ShardPrepareMergeCommand;
import io.cairn.api.shard.ShardResponse;
import io.cairn.node.mvcc.MvccStore;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the two merge commands on one replica, at their log index (docs/adr/0006):
 * <ul>
 *   <li>prepare (source's log): records the freeze; from then on the source refuses every key
 *       and lease command, so its data is final on every replica;
 *   <li>commit (target's log): waits until this node's replica of the source has applied the
 *       freeze, copies its rows into the target (checksum checked, synced), and widens the
 *       target's recorded range and epoch, all at this one index.
 * </ul>
 * Both are idempotent: a replayed or repeated command finds the work done and only records the index.
 */
final class MergeExecution {
    private static final Logger log = LoggerFactory.getLogger(MergeExecution.class);
    static final Duration SOURCE_PATIENCE = Duration.ofMinutes(10);

    private final MvccStore store;
    private final MergeHost host;

    MergeExecution(MvccStore store, MergeHost host) {
        this.store = store;
        this.host = host;
    }

    /** True when the freeze was recorded now (false: stale or repeated command). */
    boolean prepare(ShardPrepareMergeCommand prepare, long index) {
        Optional<ShardDescriptor> recorded = store.recordedShard();
        if (store.mergeFreeze().isPresent() || recorded.isEmpty()
                || !recorded.get().getEpoch().equals(prepare.getSource().getEpoch())) {
            log.info("shard {}: merge freeze at {} ignored (already frozen or stale epoch)",
                    prepare.getSource().getId(), index);
            store.markApplied(index);
            return false;
        }
        store.freezeForMerge(prepare, index);
        log.info("shard {}: frozen at log index {} to merge into shard {}", prepare.getSource().getId(), index,
                prepare.getTarget().getId());
        return true;
    }

    /** The merged descriptor when the source was absorbed now; empty when refused or already done. */
    Optional<ShardDescriptor> commit(ShardCommitMergeCommand commit, long index) {
        ShardDescriptor merged = commit.getMerged();
        Optional<ShardDescriptor> recorded = store.recordedShard();
        if (recorded.isEmpty() || recorded.get().getEpoch().getVersion() >= merged.getEpoch().getVersion()
                || !union(recorded.get(), commit.getSource()).filter(r -> sameRange(r, merged)).isPresent()) {
            log.info("shard {}: merge commit at {} ignored (already merged or not adjacent)", merged.getId(), index);
            store.markApplied(index);
            return Optional.empty();
        }
        MvccStore source = host.frozenSource(commit.getSource().getId(), merged.getId(), SOURCE_PATIENCE)
                .orElseThrow(() -> new IllegalStateException("shard " + merged.getId() + ": no frozen replica of "
                        + "merge source " + commit.getSource().getId() + " on this node"));
        store.absorb(source, merged, commit.getSourceChecksum(), index);
        log.info("shard {}: absorbed shard {} at log index {}: now [{}, {}) epoch.version {}", merged.getId(),
                commit.getSource().getId(), index, TextFormat.escapeBytes(merged.getStartKey()),
                TextFormat.escapeBytes(merged.getEndKey()),
                merged.getEpoch().getVersion());
        return Optional.of(merged);
    }

    /** The target widened by the adjacent source, if they are adjacent. */
    static Optional<ShardDescriptor> union(ShardDescriptor target, ShardDescriptor source) {
        if (!target.getEndKey().isEmpty() && target.getEndKey().equals(source.getStartKey())) {
            return Optional.of(target.toBuilder().setEndKey(source.getEndKey()).build());
        }
        if (!source.getEndKey().isEmpty() && source.getEndKey().equals(target.getStartKey())) {
            return Optional.of(target.toBuilder().setStartKey(source.getStartKey()).build());
        }
        return Optional.empty();
    }

    private static boolean sameRange(ShardDescriptor a, ShardDescriptor b) {
        return a.getStartKey().equals(b.getStartKey()) && a.getEndKey().equals(b.getEndKey());
    }

    static ShardResponse frozen(ShardPrepareMergeCommand freeze) {
        return ShardErrors.serverBusy("shard " + freeze.getSource().getId() + " is merging into shard "
                + freeze.getTarget().getId(), 100);
    }
}
