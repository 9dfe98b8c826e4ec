package io.cairn.node;

import io.cairn.api.meta.ShardDescriptor;
import io.cairn.api.shard.ShardCommand;
import io.cairn.api.shard.ShardMembershipRecord;
import io.cairn.api.shard.ShardPrepareMergeCommand;
import io.cairn.api.shard.ShardRequest;
import io.cairn.api.shard.ShardRequestContext;
import io.cairn.api.shard.ShardResponse;
import io.cairn.node.mvcc.MvccStore;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The part of a shard's state machine that changes the shard itself, run before the MVCC
 * store sees a command: applies membership records, splits and merges, and refuses
 * (deterministically on every replica) a key command that no longer fits the recorded range
 * (EPOCH_NOT_MATCH: a write the leader checked before a split that is ordered after it in the
 * log) or reaches a frozen merge source (SERVER_BUSY, retriable: the write was not applied).
 */
final class ShardChangeApplier {
    private final MvccStore store;
    private final Consumer<ShardDescriptor> recorded;
    private final SplitExecution splits;
    private final MergeExecution merges;
    private final MergeEvents mergeEvents;
    private final AtomicReference<ShardDescriptor> splitOff = new AtomicReference<>();
    private volatile Optional<ShardPrepareMergeCommand> freeze;

    ShardChangeApplier(long nodeId, MvccStore store, Consumer<ShardDescriptor> recorded, SplitHost splitHost,
            MergeHost mergeHost, MergeEvents mergeEvents) {
        this.store = store;
        this.recorded = recorded;
        this.splits = new SplitExecution(nodeId, store, splitHost);
        this.merges = new MergeExecution(store, mergeHost);
        this.mergeEvents = mergeEvents;
        this.freeze = store.mergeFreeze();
    }

    /** The merge freeze of this shard (it is a merge source refusing every key command), if any. */
    Optional<ShardPrepareMergeCommand> freeze() {
        return freeze;
    }

    /** Re-reads the state a snapshot may have replaced. */
    void reload() {
        freeze = store.mergeFreeze();
        if (freeze.isPresent()) {
            mergeEvents.frozen();
        }
    }

    /** The answer when this command is handled here; empty when the MVCC store must apply it. */
    Optional<ShardResponse> intercept(ShardCommand command, long index) {
        return switch (command.getOpCase()) {
            case MEMBERSHIP -> Optional.of(recordMembership(command.getMembership(), index));
            case PREPARE_MERGE -> {
                if (merges.prepare(command.getPrepareMerge(), index)) {
                    freeze = store.mergeFreeze();
                    mergeEvents.frozen();
                }
                yield Optional.of(ShardResponse.getDefaultInstance());
            }
            case COMMIT_MERGE -> {
                Optional<ShardDescriptor> merged = merges.commit(command.getCommitMerge(), index);
                merged.ifPresent(recorded);
                merged.ifPresent(m -> mergeEvents.absorbed());
                yield Optional.of(merged.isPresent() ? ShardResponse.getDefaultInstance()
                        : store.recordedShard().map(ShardErrors::epochNotMatch)
                                .orElse(ShardResponse.getDefaultInstance()));
            }
            case SPLIT -> {
                if (freeze.isPresent()) {
                    store.markApplied(index);
                    yield Optional.of(MergeExecution.frozen(freeze.get()));
                }
                if (alreadySplit(command.getSplit().getLeft())) {
                    store.markApplied(index);
                    yield Optional.of(ShardResponse.getDefaultInstance());
                }
                splitOff.set(command.getSplit().getRight());
                splits.apply(command.getSplit(), index, recorded);
                yield Optional.of(ShardResponse.getDefaultInstance());
            }
            default -> outOfRange(command, index);
        };
    }

    /** EPOCH_NOT_MATCH with what this shard now is (and the shard split off it, if any). */
    ShardResponse epochNotMatch(ShardDescriptor current) {
        ShardDescriptor right = splitOff.get();
        return right == null ? ShardErrors.epochNotMatch(current) : ShardErrors.epochNotMatch(List.of(current, right));
    }

    /** A split proposed twice (a leader change left the first one's outcome unknown) applies once. */
    private boolean alreadySplit(ShardDescriptor left) {
        return store.recordedShard().filter(r -> r.getEpoch().getVersion() >= left.getEpoch().getVersion()).isPresent();
    }

    private ShardResponse recordMembership(ShardMembershipRecord record, long index) {
        ShardDescriptor proposed = record.getShard();
        ShardDescriptor next = store.recordedShard()
                .filter(current -> current.getEpoch().getVersion() > proposed.getEpoch().getVersion())
                .map(current -> current.toBuilder().clearReplicas().addAllReplicas(proposed.getReplicasList())
                        .setEpoch(current.getEpoch().toBuilder().setConfVer(
                                Math.max(current.getEpoch().getConfVer(), proposed.getEpoch().getConfVer())))
                        .build())
                .orElse(proposed);
        store.recordShard(next, index);
        recorded.accept(next);
        return ShardResponse.getDefaultInstance();
    }

    private Optional<ShardResponse> outOfRange(ShardCommand command, long index) {
        Optional<ShardPrepareMergeCommand> frozen = freeze;
        if (frozen.isPresent()) {
            // a merge source's data is final: every key and lease command is refused, retriably
            store.markApplied(index);
            return Optional.of(MergeExecution.frozen(frozen.get()));
        }
        Optional<ShardDescriptor> shard = store.recordedShard();
        if (shard.isEmpty() || fits(command, shard.get())) {
            return Optional.empty();
        }
        store.markApplied(index);
        return Optional.of(epochNotMatch(shard.get()));
    }

    private static boolean fits(ShardCommand command, ShardDescriptor shard) {
        ShardRequest.Builder request = ShardRequest.newBuilder().setContext(
                ShardRequestContext.newBuilder().setShardId(shard.getId()).setEpoch(shard.getEpoch()));
        switch (command.getOpCase()) {
            case PUT -> request.setPut(command.getPut());
            case DELETE_RANGE -> request.setDeleteRange(command.getDeleteRange());
            case TXN -> request.setTxn(command.getTxn());
            case COMPACT -> request.setCompact(command.getCompact());
            default -> {
                return true;
            }
        }
        return ShardRequestCheck.fits(request.build(), shard);
    }
}
