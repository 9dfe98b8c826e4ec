package io.cairn.controlplane.client;

import java.time.Duration;
import java.util.List;

/** Creates {@link PlacementClient}s that talk to the control plane over gRPC. */
public final class PlacementClients {
    /** How long one call may look for a leader before it fails. */
    public static final Duration DEFAULT_CALL_DEADLINE = Duration.ofSeconds(10);

    private PlacementClients() {
    }

    /**
     * A client for the control plane replicas at {@code grpcAddresses} (host:port), sending
     * {@code authorization: Bearer <clusterToken>} on every call.
     */
    public static PlacementClient connect(List<String> grpcAddresses, String clusterToken) {
        return connect(grpcAddresses, clusterToken, DEFAULT_CALL_DEADLINE);
    }

    /** As {@link #connect(List, String)}, with a different per-call deadline. */
    public static PlacementClient connect(List<String> grpcAddresses, String clusterToken, Duration callDeadline) {
        if (grpcAddresses.isEmpty()) {
            throw new IllegalArgumentException("at least one control-plane address is needed");
        }
        return new GrpcPlacementClient(new LeaderChannels(grpcAddresses, clusterToken), callDeadline);
    }
}
