package io.cairn.controlplane;

import io.cairn.api.meta.Operator;
import io.cairn.api.meta.OperatorKind;
import io.cairn.api.meta.Replica;
import io.cairn.api.meta.ShardRoute;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/**
 * Merges two adjacent small shards: both reported below {@code mergeSizeBytes} and
 * {@code mergeKeys}, together below the split thresholds, on the same voters (no learners),
 * both split or merged longer than {@code mergeDelayMs} ago (so split and merge do not flap).
 * The left shard (target) absorbs the right one (source) (docs/adr/0006-shard-merge.md).
 * First, whatever the settings, it finishes every merge whose source reports itself frozen
 * (an operator that timed out after the freeze): a frozen source serves nothing until absorbed.
 */
final class MergeChecker implements Checker {
    private final SchedulingConfig config;

    MergeChecker(SchedulingConfig config) {
        this.config = config;
    }

    @Override
    public List<Operator> check(ClusterSnapshot snapshot) {
        List<Operator> operators = new ArrayList<>();
        snapshot.frozenMerges().forEach((source, target) -> {
            if (!snapshot.operatorRunning(source) && !snapshot.operatorRunning(target)
                    && snapshot.shards().stream().anyMatch(r -> r.getShard().getId() == target)) {
                Operator operator = Operators.of(target, OperatorKind.MERGE,
                        List.of(new OperatorStep.MergeShards(source, target)));
                snapshot.plan(operator);
                operators.add(operator);
            }
        });
        if (!config.mergeEnabled()) {
            return operators;
        }
        List<ShardRoute> shards = snapshot.shards();
        for (int i = 0; i + 1 < shards.size(); i++) {
            ShardRoute target = shards.get(i);
            ShardRoute source = shards.get(i + 1);
            if (mergeable(snapshot, target, source)) {
                Operator operator = Operators.of(target.getShard().getId(), OperatorKind.MERGE,
                        List.of(new OperatorStep.MergeShards(source.getShard().getId(), target.getShard().getId())));
                snapshot.plan(operator);
                operators.add(operator);
                i++;
            }
        }
        return operators;
    }

    private boolean mergeable(ClusterSnapshot snapshot, ShardRoute target, ShardRoute source) {
        if (snapshot.busy(target.getShard().getId()) || snapshot.busy(source.getShard().getId())
                || !target.getShard().getEndKey().equals(source.getShard().getStartKey())
                || !sameVoters(target, source)) {
            return false;
        }
        if (snapshot.nowMs() - target.getLastSplitMs() < config.mergeDelayMs()
                || snapshot.nowMs() - source.getLastSplitMs() < config.mergeDelayMs()) {
            return false;
        }
        Optional<ShardView> t = snapshot.view(target);
        Optional<ShardView> s = snapshot.view(source);
        if (t.isEmpty() || s.isEmpty() || !small(t.get()) || !small(s.get())) {
            return false;
        }
        return t.get().sizeBytes() + s.get().sizeBytes() <= config.splitSizeBytes()
                && t.get().keys() + s.get().keys() <= config.splitKeys();
    }

    private boolean small(ShardView view) {
        return view.sizeBytes() < config.mergeSizeBytes() && view.keys() < config.mergeKeys();
    }

    private static boolean sameVoters(ShardRoute a, ShardRoute b) {
        if (a.getShard().getReplicasList().stream().anyMatch(Replica::getLearner)
                || b.getShard().getReplicasList().stream().anyMatch(Replica::getLearner)) {
            return false;
        }
        return new HashSet<>(ClusterSnapshot.voters(a)).equals(new HashSet<>(ClusterSnapshot.voters(b)));
    }
}
