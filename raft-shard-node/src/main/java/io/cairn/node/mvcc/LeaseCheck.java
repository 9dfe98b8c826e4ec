package io.cairn.node.mvcc;

/**
 * Leases known outside the store's own lease table (which always answers first: a store
 * that is a tenant's lease home holds that tenant's leases). Must be deterministic across
 * replicas (answered from replicated state); used by tests.
 */
@FunctionalInterface
public interface LeaseCheck {

    /** No lease beyond the store's own lease table. */
    LeaseCheck NONE = leaseId -> false;

    boolean exists(long leaseId);
}
