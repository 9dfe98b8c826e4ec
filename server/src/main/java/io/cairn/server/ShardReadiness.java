package io.cairn.server;

import io.cairn.api.meta.RouteTable;
import io.cairn.api.meta.ShardRoute;
import io.cairn.controlplane.client.PlacementClient;
import java.time.Duration;

/** Waits until the control plane's route table lists shards that all have a leader. */
final class ShardReadiness {
    private final PlacementClient placement;

    ShardReadiness(PlacementClient placement) {
        this.placement = placement;
    }

    /** Returns the number of shards once every one has a leader; throws on timeout. */
    int awaitLeaders(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        RouteTable routes = placement.getRoutes(0);
        while (System.nanoTime() < deadline) {
            routes = placement.getRoutes(0);
            if (routes.getShardsCount() > 0
                    && routes.getShardsList().stream().allMatch(ShardRoute::hasShard)
                    && routes.getShardsList().stream().allMatch(r -> r.getLeaderNodeId() != 0)) {
                return routes.getShardsCount();
            }
            Thread.sleep(50);
        }
        long withLeader = routes.getShardsList().stream().filter(r -> r.getLeaderNodeId() != 0).count();
        throw new IllegalStateException("shards did not elect leaders within " + timeout.toSeconds() + " s ("
                + withLeader + " of " + routes.getShardsCount() + " have one)");
    }
}
