package io.cairn.controlplane.admin;

import io.cairn.api.placement.ListNodesResponse;
import io.cairn.api.placement.ListOperatorsResponse;
import io.cairn.api.placement.ListShardsResponse;
import java.util.List;

/** The three listings as {@code cairn ctl -o json} and the admin REST API answer them. */
public final class AdminViews {
    private AdminViews() {
    }

    /** {@code {"nodes": [...]}}. */
    public record Nodes(List<NodeRow> nodes) {
        public Nodes {
            nodes = List.copyOf(nodes);
        }

        public static Nodes from(ListNodesResponse response) {
            return new Nodes(response.getNodesList().stream().map(NodeRow::from).toList());
        }
    }

    /** {@code {"routeVersion": n, "shards": [...]}}, shards in key order. */
    public record Shards(long routeVersion, List<ShardRow> shards) {
        public Shards {
            shards = List.copyOf(shards);
        }

        public static Shards from(ListShardsResponse response) {
            return new Shards(response.getRouteVersion(), response.getShardsList().stream().map(ShardRow::from).toList());
        }
    }

    /** {@code {"running": [...], "finished": [...]}}, finished newest first. */
    public record Operators(List<OperatorRow> running, List<OperatorRow> finished) {
        public Operators {
            running = List.copyOf(running);
            finished = List.copyOf(finished);
        }

        public static Operators from(ListOperatorsResponse response) {
            return new Operators(response.getRunningList().stream().map(OperatorRow::from).toList(),
                    response.getFinishedList().stream().map(OperatorRow::from).toList());
        }
    }
}
