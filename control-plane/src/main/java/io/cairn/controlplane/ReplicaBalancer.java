package io.cairn.controlplane;

import io.cairn.api.meta.Operator;
import io.cairn.api.meta.OperatorKind;
import io.cairn.api.meta.ShardRoute;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Spreads replicas: moves one replica at a time from the node with the most (bytes break
 * ties) to the up node with the fewest, until max - min is within the tolerance; a DRAINING
 * node is always a source until it holds nothing. Moves only shards whose replicas are all on
 * up or draining nodes (the {@link ReplicaChecker} repairs the others), smallest first.
 */
final class ReplicaBalancer implements Checker {
    private final SchedulingConfig config;

    ReplicaBalancer(SchedulingConfig config) {
        this.config = config;
    }

    @Override
    public List<Operator> check(ClusterSnapshot snapshot) {
        List<Operator> operators = new ArrayList<>();
        for (int i = 0; i < config.maxOperators(); i++) {
            Optional<Operator> move = nextMove(snapshot);
            if (move.isEmpty()) {
                break;
            }
            snapshot.plan(move.get());
            operators.add(move.get());
        }
        return operators;
    }

    private Optional<Operator> nextMove(ClusterSnapshot snapshot) {
        List<Long> up = snapshot.upNodes();
        if (up.isEmpty()) {
            return Optional.empty();
        }
        Comparator<Long> load = Comparator.<Long>comparingInt(snapshot::replicaCount)
                .thenComparingLong(snapshot::sizeOn).thenComparingLong(id -> -id);
        List<Long> sources = new ArrayList<>(snapshot.nodes().stream().map(n -> n.getId())
                .filter(id -> snapshot.isDraining(id) && snapshot.replicaCount(id) > 0).sorted().toList());
        boolean draining = !sources.isEmpty();
        if (!draining) {
            long max = up.stream().max(load).orElseThrow();
            long min = up.stream().min(load).orElseThrow();
            int spread = snapshot.replicaCount(max) - snapshot.replicaCount(min);
            if (spread <= ClusterSnapshot.tolerance(snapshot.replicaCount(max), config)) {
                return Optional.empty();
            }
            sources.add(max);
        }
        for (long source : sources) {
            Optional<Operator> move = moveFrom(snapshot, source, draining, load);
            if (move.isPresent()) {
                return move;
            }
        }
        return Optional.empty();
    }

    private Optional<Operator> moveFrom(ClusterSnapshot snapshot, long source, boolean draining,
            Comparator<Long> load) {
        List<ShardRoute> candidates = snapshot.shards().stream()
                .filter(r -> ClusterSnapshot.holds(r, source) && !snapshot.busy(r.getShard().getId()))
                // with no known leader the move could remove the leader's own peer: wait for a report
                .filter(r -> snapshot.leaderOf(r) != 0)
                .filter(r -> r.getShard().getReplicasList().stream()
                        .allMatch(p -> snapshot.isUp(p.getNodeId()) || snapshot.isDraining(p.getNodeId())))
                .sorted(Comparator.comparingLong(r -> snapshot.view(r).map(ShardView::sizeBytes).orElse(0L)))
                .toList();
        for (ShardRoute route : candidates) {
            Optional<Long> target = TargetPicker.pick(snapshot, route, source);
            if (target.isEmpty()) {
                continue;
            }
            // balancing (not draining) must leave the target less loaded than the source was
            if (!draining && snapshot.replicaCount(source) - snapshot.replicaCount(target.get()) < 2) {
                continue;
            }
            long leader = snapshot.leaderOf(route);
            boolean sourceLeads = leader == source;
            long newLeader = sourceLeads ? newLeader(snapshot, route, source, target.get()) : 0;
            return Optional.of(Operators.move(route.getShard().getId(),
                    draining ? OperatorKind.DRAIN_REPLICA : OperatorKind.BALANCE_REPLICA,
                    source, target.get(), sourceLeads, newLeader));
        }
        return Optional.empty();
    }

    /** The up voter with the fewest leaders, other than the leaving one (the new replica otherwise). */
    static long newLeader(ClusterSnapshot snapshot, ShardRoute route, long leaving, long added) {
        return ClusterSnapshot.voters(route).stream()
                .filter(id -> id != leaving && snapshot.isUp(id))
                .min(Comparator.<Long>comparingInt(snapshot::leaderCount).thenComparingLong(id -> id))
                .orElse(added);
    }
}
