package io.cairn.controlplane;

import io.cairn.api.placement.AllocateRevisionsResponse;
import java.util.concurrent.CompletableFuture;

/**
 * One control-plane replica: a member of the control plane's Raft group serving the
 * Placement and Admin gRPC services. Only the leader answers calls; followers answer
 * UNAVAILABLE with the leader's gRPC address in the {@code cairn-leader} trailer.
 */
public interface ControlPlane extends AutoCloseable {

    /** Starts a replica; returns once its Raft node and gRPC server are running. */
    static ControlPlane start(ControlPlaneConfig config) {
        return RaftControlPlane.start(config);
    }

    /** host:port of this replica's gRPC server. */
    String rpcAddress();

    /** Whether this replica currently leads the control-plane group. */
    boolean isLeader();

    /**
     * {@code count} fresh revisions from this replica's timestamp oracle, as the Placement
     * service's AllocateRevisions answers them; fails when this replica does not lead. For a
     * client in the same process (PlacementClients.withLocalOracle).
     */
    CompletableFuture<AllocateRevisionsResponse> allocateRevisions(int count);

    @Override
    void close();
}
