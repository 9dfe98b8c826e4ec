package io.cairn.controlplane;

import io.cairn.api.meta.Operator;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * One scheduling round on the leader: advance or cancel the running operators, then let the
 * checkers (repair first, then split, merge, balance) propose operators on a fresh
 * {@link ClusterSnapshot}, and submit those that fit the limits.
 */
final class Scheduler {
    private final MetaState state;
    private final ShardReports reports;
    private final OperatorController controller;
    private final List<Checker> checkers;

    Scheduler(MetaState state, ShardReports reports, OperatorController controller, List<Checker> checkers) {
        this.state = state;
        this.reports = reports;
        this.controller = controller;
        this.checkers = List.copyOf(checkers);
    }

    static List<Checker> standardCheckers(SchedulingConfig config, int shardReplicas) {
        return List.of(new ReplicaChecker(config, shardReplicas), new SplitChecker(config), new MergeChecker(config),
                new ReplicaBalancer(config), new LeaderBalancer(config));
    }

    /** Completes when every proposal of the round has (successfully or not). */
    CompletableFuture<List<Operator>> runOnce(long nowMs) {
        return controller.advanceAll(nowMs).thenCompose(ignored -> {
            ClusterSnapshot snapshot = new ClusterSnapshot(state.nodes(), state.shards(), reports.all(),
                    state.runningOperators(), nowMs);
            List<Operator> candidates = new ArrayList<>();
            checkers.forEach(checker -> candidates.addAll(checker.check(snapshot)));
            List<CompletableFuture<Operator>> submitted = controller.submitAll(candidates, nowMs);
            List<CompletableFuture<Operator>> settled = submitted.stream()
                    .map(f -> f.exceptionally(error -> null)).toList();
            return CompletableFuture.allOf(settled.toArray(CompletableFuture[]::new))
                    .thenApply(done -> settled.stream().map(CompletableFuture::join)
                            .filter(Objects::nonNull).toList());
        });
    }
}
