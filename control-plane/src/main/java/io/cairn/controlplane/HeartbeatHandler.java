package io.cairn.controlplane;

import io.cairn.api.meta.NodeDescriptor;
import io.cairn.api.placement.HeartbeatResponse;
import io.cairn.api.placement.NodeHeartbeat;
import java.util.concurrent.CompletableFuture;

/**
 * One stage of heartbeat handling (RheaKV's pipeline handlers): each looks at the heartbeat,
 * may propose commands or record reports, and may add to the reply. {@link HeartbeatPipeline}
 * runs them in order, each after the previous one's future completed.
 */
interface HeartbeatHandler {

    /** One heartbeat in flight: the node as recorded when it arrived, and the reply being built. */
    record Context(NodeHeartbeat heartbeat, NodeDescriptor node, long nowMs, HeartbeatResponse.Builder reply) {
        long nodeId() {
            return heartbeat.getNodeId();
        }
    }

    CompletableFuture<?> handle(Context context);
}
