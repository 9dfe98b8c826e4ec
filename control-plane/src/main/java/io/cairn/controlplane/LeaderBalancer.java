package io.cairn.controlplane;

import io.cairn.api.meta.Operator;
import io.cairn.api.meta.OperatorKind;
import io.cairn.api.meta.ShardRoute;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Spreads shard leaders: transfers leadership from the up node leading the most shards to a
 * voter on a node leading fewer, until max - min over up nodes is within the tolerance.
 * Leaders on DRAINING nodes are always moved away.
 */
final class LeaderBalancer implements Checker {
    private final SchedulingConfig config;

    LeaderBalancer(SchedulingConfig config) {
        this.config = config;
    }

    @Override
    public List<Operator> check(ClusterSnapshot snapshot) {
        List<Operator> operators = new ArrayList<>();
        for (int i = 0; i < config.maxOperators(); i++) {
            Optional<Operator> transfer = nextTransfer(snapshot);
            if (transfer.isEmpty()) {
                break;
            }
            snapshot.plan(transfer.get());
            operators.add(transfer.get());
        }
        return operators;
    }

    private Optional<Operator> nextTransfer(ClusterSnapshot snapshot) {
        List<Long> up = snapshot.upNodes();
        if (up.isEmpty()) {
            return Optional.empty();
        }
        for (ShardRoute route : snapshot.shards()) {
            long leader = snapshot.leaderOf(route);
            if (leader != 0 && snapshot.isDraining(leader) && !snapshot.busy(route.getShard().getId())) {
                Optional<Long> to = bestVoter(snapshot, route, leader);
                if (to.isPresent()) {
                    return Optional.of(transfer(route, to.get()));
                }
            }
        }
        int max = up.stream().mapToInt(snapshot::leaderCount).max().orElse(0);
        int min = up.stream().mapToInt(snapshot::leaderCount).min().orElse(0);
        if (max - min <= ClusterSnapshot.tolerance(max, config)) {
            return Optional.empty();
        }
        List<Long> sources = up.stream().filter(id -> snapshot.leaderCount(id) == max).toList();
        Operator best = null;
        int bestCount = Integer.MAX_VALUE;
        for (ShardRoute route : snapshot.shards()) {
            long leader = snapshot.leaderOf(route);
            if (!sources.contains(leader) || snapshot.busy(route.getShard().getId())) {
                continue;
            }
            Optional<Long> to = bestVoter(snapshot, route, leader);
            if (to.isPresent() && max - snapshot.leaderCount(to.get()) >= 2 && snapshot.leaderCount(to.get()) < bestCount) {
                bestCount = snapshot.leaderCount(to.get());
                best = transfer(route, to.get());
            }
        }
        return Optional.ofNullable(best);
    }

    private static Optional<Long> bestVoter(ClusterSnapshot snapshot, ShardRoute route, long leader) {
        return ClusterSnapshot.voters(route).stream()
                .filter(id -> id != leader && snapshot.isUp(id))
                .min(Comparator.<Long>comparingInt(snapshot::leaderCount).thenComparingLong(id -> id));
    }

    private static Operator transfer(ShardRoute route, long to) {
        return Operators.of(route.getShard().getId(), OperatorKind.BALANCE_LEADER,
                List.of(new OperatorStep.TransferLeader(to)));
    }
}
