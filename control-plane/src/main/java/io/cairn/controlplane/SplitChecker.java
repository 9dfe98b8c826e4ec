package io.cairn.controlplane;

import io.cairn.api.meta.Operator;
import io.cairn.api.meta.OperatorKind;
import io.cairn.api.meta.ShardRoute;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits shards whose leader reports more than {@code splitSizeBytes} or {@code splitKeys},
 * at the key {@link SplitKeys} chooses from the leader's split-key hint. A shard whose
 * report predates its last split or merge, or that reported no hint, waits for a fresh report.
 */
final class SplitChecker implements Checker {
    private final SchedulingConfig config;

    SplitChecker(SchedulingConfig config) {
        this.config = config;
    }

    @Override
    public List<Operator> check(ClusterSnapshot snapshot) {
        List<Operator> operators = new ArrayList<>();
        for (ShardRoute route : snapshot.shards()) {
            if (snapshot.busy(route.getShard().getId())) {
                continue;
            }
            snapshot.view(route)
                    .filter(v -> v.sizeBytes() > config.splitSizeBytes() || v.keys() > config.splitKeys())
                    .flatMap(v -> SplitKeys.choose(route.getShard(), v.splitKeyHint()))
                    .ifPresent(key -> {
                        Operator operator = Operators.of(route.getShard().getId(), OperatorKind.SPLIT,
                                List.of(new OperatorStep.SplitShard(key, 0)));
                        snapshot.plan(operator);
                        operators.add(operator);
                    });
        }
        return operators;
    }
}
