package io.cairn.gateway;

import io.cairn.controlplane.admin.AdminViews;
import io.cairn.controlplane.admin.KeyText;
import io.cairn.controlplane.admin.NodeRow;
import io.cairn.controlplane.admin.OperatorRow;
import io.cairn.controlplane.client.PlacementClient;
import io.grpc.StatusRuntimeException;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The cluster operations behind the admin REST API, over the control plane's admin gRPC API:
 * listings as {@link AdminViews}, node actions answered with the node's row afterwards,
 * operator-starting actions with the operator. Refusals of the control plane become
 * {@link GatewayError}s.
 */
final class AdminCore {
    private final PlacementClient placement;

    AdminCore(PlacementClient placement) {
        this.placement = placement;
    }

    AdminViews.Nodes nodes() {
        return call(() -> AdminViews.Nodes.from(placement.listNodes()));
    }

    AdminViews.Shards shards() {
        return call(() -> AdminViews.Shards.from(placement.listShards()));
    }

    AdminViews.Operators operators() {
        return call(() -> AdminViews.Operators.from(placement.listOperators()));
    }

    NodeRow drain(long nodeId) {
        return call(() -> {
            placement.drainNode(nodeId);
            return node(nodeId);
        });
    }

    NodeRow remove(long nodeId) {
        return call(() -> {
            placement.removeNode(nodeId);
            return node(nodeId);
        });
    }

    OperatorRow transferLeader(long shardId, long toNodeId) {
        return call(() -> OperatorRow.from(placement.transferLeader(shardId, toNodeId)));
    }

    /** {@code key} as {@link KeyText} writes it; empty: where the shard's leader suggests. */
    OperatorRow split(long shardId, Optional<String> key) {
        byte[] splitKey;
        try {
            splitKey = key.map(k -> KeyText.parse(k).toByteArray()).orElse(new byte[0]);
        } catch (IllegalArgumentException e) {
            throw new GatewayException(new GatewayError.InvalidArgument("cairn: " + e.getMessage()), e);
        }
        return call(() -> OperatorRow.from(placement.splitShard(shardId, splitKey)));
    }

    private NodeRow node(long nodeId) {
        return AdminViews.Nodes.from(placement.listNodes()).nodes().stream().filter(n -> n.id() == nodeId)
                .findFirst().orElseThrow(() -> new GatewayException(new GatewayError.NotFound("cairn: no node " + nodeId)));
    }

    private static <T> T call(Supplier<T> action) {
        try {
            return action.get();
        } catch (StatusRuntimeException e) {
            throw new GatewayException(ErrorMapper.fromControlPlane(e), e);
        }
    }
}
