package io.cairn.controlplane;

import io.cairn.api.meta.ShardRoute;
import java.util.Comparator;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Where a new replica of a shard goes: an up node without one, preferring a zone none of the
 * shard's other live replicas is in, then the fewest replicas, then the fewest bytes.
 */
final class TargetPicker {
    private TargetPicker() {
    }

    /** {@code leaving} is the replica being replaced (its zone does not count as taken). */
    static Optional<Long> pick(ClusterSnapshot snapshot, ShardRoute route, long leaving) {
        Set<String> zones = route.getShard().getReplicasList().stream()
                .map(r -> r.getNodeId())
                .filter(id -> id != leaving && (snapshot.isUp(id) || snapshot.isDraining(id)))
                .map(snapshot::zone).filter(z -> !z.isEmpty())
                .collect(Collectors.toSet());
        return snapshot.upNodes().stream()
                .filter(id -> !ClusterSnapshot.holds(route, id))
                .min(Comparator.<Long>comparingInt(id -> zones.contains(snapshot.zone(id)) ? 1 : 0)
                        .thenComparingInt(snapshot::replicaCount)
                        .thenComparingLong(snapshot::sizeOn)
                        .thenComparingLong(id -> id));
    }
}
