package io.cairn.node;

import io.cairn.api.placement.RegisterNodeRequest;
import io.cairn.api.placement.RegisterNodeResponse;
import io.cairn.controlplane.client.PlacementClient;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers a node with the control plane, retrying with exponential back-off until it answers;
 * a node the control plane says was removed gets {@link NodeRemovedException} at once.
 */
final class NodeRegistration {
    private static final Logger log = LoggerFactory.getLogger(NodeRegistration.class);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private NodeRegistration() {
    }

    static RegisterNodeResponse register(PlacementClient placement, RegisterNodeRequest request) {
        Duration backoff = FIRST_BACKOFF;
        while (true) {
            try {
                return placement.registerNode(request);
            } catch (RuntimeException e) {
                if (NodeRemovedException.isRemoval(e)) {
                    throw NodeRemovedException.of(e);
                }
                log.warn("registration of node {} at {} failed, retrying in {} ms: {}",
                        request.getNodeId(), request.getRaftAddress(), backoff.toMillis(), e.toString());
            }
            try {
                Thread.sleep(backoff);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while registering with the control plane", e);
            }
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
    }
}
