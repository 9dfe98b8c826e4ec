package io.cairn.controlplane;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * How long this leader may act alone (hand out revisions) without asking its peers again.
 *
 * <p>When a majority acknowledges this leader at some instant after {@code t0} (a committed
 * entry it proposed, or a read-index heartbeat round it started), each of them has reset its
 * election timer after {@code t0}; none grants a (pre-)vote to anyone else before
 * {@code t0 + electionTimeout}, so no other leader can exist before then. The lease runs to
 * {@code t0 + leaseNanos}, a fraction of the election timeout that leaves room for clock-rate
 * drift (ADR 0002). Measured on the monotonic clock, so a paused process (GC, SIGSTOP) wakes
 * up with an expired lease rather than a stale belief. Not thread-safe: the oracle's lock
 * guards it.
 */
final class LeaderLease {
    /** Asks a majority to acknowledge this leader now (a read-index heartbeat round). */
    interface Confirmer {
        CompletableFuture<Void> confirm();

        static Confirmer overRaft(MetaRaft raft, long timeoutMs) {
            return () -> raft.confirmLeadership().orTimeout(timeoutMs, TimeUnit.MILLISECONDS);
        }
    }

    private final long leaseNanos;
    private boolean held;
    private long until;

    LeaderLease(long leaseNanos) {
        if (leaseNanos <= 0) {
            throw new IllegalArgumentException("lease must be positive, was " + leaseNanos + " ns");
        }
        this.leaseNanos = leaseNanos;
    }

    /** The lease for an election timeout: 80 % of it. */
    static long forElectionTimeout(long electionTimeoutMs) {
        return TimeUnit.MILLISECONDS.toNanos(electionTimeoutMs) * 4 / 5;
    }

    boolean valid(long nowNanos) {
        return held && nowNanos - until < 0;
    }

    /** A majority acknowledged this leader after {@code startedAtNanos}. */
    void acknowledgedAfter(long startedAtNanos) {
        long candidate = startedAtNanos + leaseNanos;
        if (!held || candidate - until > 0) {
            until = candidate;
            held = true;
        }
    }

    /** True when less than half of the lease is left: time to renew in the background. */
    boolean dueForRenewal(long nowNanos) {
        return !held || until - nowNanos < leaseNanos / 2;
    }

    void drop() {
        held = false;
    }
}
