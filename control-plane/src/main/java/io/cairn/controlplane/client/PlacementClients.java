package io.cairn.controlplane.client;

import io.cairn.api.placement.AllocateRevisionsResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;

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

    /**
     * {@code remote}, except that timestamp-oracle calls first go to {@code local} (a
     * control-plane replica in this process, {@code ControlPlane::allocateRevisions}) and
     * fall back to {@code remote} when it fails (it does not lead). Saves the loopback gRPC
     * round trip on every write batch when the control plane is in-process ({@code cairn dev}).
     */
    public static PlacementClient withLocalOracle(PlacementClient remote,
            IntFunction<CompletableFuture<AllocateRevisionsResponse>> local) {
        return new LocalOracleClient(remote, local);
    }
}
