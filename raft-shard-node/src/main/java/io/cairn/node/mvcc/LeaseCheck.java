package io.cairn.node.mvcc;

/**
 * Tells the MVCC store whether a lease exists when a Put attaches one. Must be
 * deterministic across replicas (answered from replicated state).
 */
@FunctionalInterface
public interface LeaseCheck {

    /** Until leases exist: every non-zero lease is unknown (etcd's LEASE_NOT_FOUND). */
    LeaseCheck NONE = leaseId -> false;

    boolean exists(long leaseId);
}
