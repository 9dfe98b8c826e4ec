package io.cairn.controlplane;

import io.cairn.api.controlplane.AdvanceTso;
import io.cairn.api.controlplane.ControlPlaneCommand;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Hands out revisions from an in-memory window below a high-water mark committed through
 * Raft. Each advance of the mark is a Raft command that raises it by {@link #STEP} and
 * returns the range {@code (old mark, new mark]}; only the leader that proposed it (checked
 * by term) uses that range. A new leader serves nothing before its first advance commits, and
 * that advance is ordered after every advance of earlier leaders, so revisions never repeat
 * or go backwards across leader changes and restarts. The window is refilled in the
 * background when half of a step is left, so a call rarely waits for Raft.
 *
 * <p>A leader serves only while it holds a {@link LeaderLease}: a leader cut off from its
 * peers (a partition, a long pause) stops handing out revisions before any newer leader can
 * start, so a revision from the old window can never be handed out after a higher one from
 * a newer leader. Committed advances and background read-index rounds renew the lease, so a
 * busy leader never waits for it; an idle one waits one heartbeat round on its next call.
 */
final class TimestampOracle {
    static final long STEP = 100_000;
    static final int MAX_COUNT = 1_000_000;

    /** Commits an advance of the mark at the given term. */
    interface Advancer {
        CompletableFuture<TsoWindow> advance(long step, long term);

        /** Advances through the control plane's Raft group, valid only in the proposing term. */
        static Advancer overRaft(MetaRaft raft) {
            return (step, term) -> raft.propose(ControlPlaneCommand.newBuilder()
                            .setAdvanceTso(AdvanceTso.newBuilder().setStep(step)).build(), term)
                    .thenApply(TsoWindow.class::cast);
        }
    }

    private record Pending(int count, CompletableFuture<TsoWindow> future) {
    }

    private final Advancer advancer;
    private final LeaderLease.Confirmer confirmer;
    private final LongSupplier nanoClock;
    private final LeaderLease lease;
    private final Supplier<ControlPlaneException> notLeader;
    private final Deque<Pending> pending = new ArrayDeque<>();
    private long term = -1;
    private boolean serving;
    private boolean advancing;
    private boolean renewing;
    private long next = 1;
    private long last;

    TimestampOracle(Advancer advancer, LeaderLease.Confirmer confirmer, LongSupplier nanoClock,
            long leaseNanos, Supplier<ControlPlaneException> notLeader) {
        this.advancer = advancer;
        this.confirmer = confirmer;
        this.nanoClock = nanoClock;
        this.lease = new LeaderLease(leaseNanos);
        this.notLeader = notLeader;
    }

    /** {@code count} fresh revisions, first..first+count-1. */
    synchronized CompletableFuture<TsoWindow> allocate(int count) {
        if (count <= 0 || count > MAX_COUNT) {
            return CompletableFuture.failedFuture(
                    ControlPlaneException.invalidArgument("count must be in 1.." + MAX_COUNT + ", was " + count));
        }
        if (!serving) {
            return CompletableFuture.failedFuture(notLeader.get());
        }
        long now = nanoClock.getAsLong();
        if (pending.isEmpty() && lease.valid(now) && last - next + 1 >= count) {
            TsoWindow taken = take(count);
            refillIfLow(STEP);
            renewIfDue(now);
            return CompletableFuture.completedFuture(taken);
        }
        CompletableFuture<TsoWindow> future = new CompletableFuture<>();
        pending.add(new Pending(count, future));
        refillIfLow(Math.max(STEP, 2L * count));
        renewIfDue(now);
        return future;
    }

    synchronized void onLeaderStart(long term) {
        this.term = term;
        serving = true;
        advancing = false;
        renewing = false;
        lease.drop();
        next = 1;
        last = 0;
        refillIfLow(STEP);
    }

    synchronized void onLeaderStop() {
        serving = false;
        term = -1;
        lease.drop();
        next = 1;
        last = 0;
        ControlPlaneException error = notLeader.get();
        pending.forEach(p -> p.future().completeExceptionally(error));
        pending.clear();
    }

    private TsoWindow take(int count) {
        long first = next;
        next += count;
        return new TsoWindow(first, first + count - 1);
    }

    private void refillIfLow(long step) {
        long left = last - next + 1;
        boolean starved = !pending.isEmpty() && left < pending.peek().count();
        if (advancing || (!starved && left >= STEP / 2)) {
            return; // calls waiting only for the lease need no advance
        }
        advancing = true;
        long proposedAt = term;
        long startedAt = nanoClock.getAsLong();
        advancer.advance(step, proposedAt)
                .whenComplete((window, error) -> advanced(proposedAt, startedAt, window, error));
    }

    private void renewIfDue(long now) {
        if (renewing || !lease.dueForRenewal(now)) {
            return;
        }
        renewing = true;
        long proposedAt = term;
        confirmer.confirm().whenComplete((ignored, error) -> renewed(proposedAt, now, error));
    }

    private synchronized void advanced(long proposedAt, long startedAt, TsoWindow window, Throwable error) {
        if (!serving || proposedAt != term) {
            return;
        }
        advancing = false;
        if (error != null) {
            failPending(error);
            return;
        }
        // Committed in this term: a majority accepted this leader after the proposal.
        lease.acknowledgedAfter(startedAt);
        if (next > last || window.first() != last + 1) {
            next = window.first();
        }
        last = window.last();
        drain();
        long needed = pending.isEmpty() ? STEP : Math.max(STEP, 2L * pending.peek().count());
        refillIfLow(needed);
    }

    private synchronized void renewed(long proposedAt, long startedAt, Throwable error) {
        if (!serving || proposedAt != term) {
            return;
        }
        renewing = false;
        if (error != null) {
            if (!advancing) { // else the advance in flight renews the lease or fails the calls
                failPending(error);
            }
            return;
        }
        lease.acknowledgedAfter(startedAt);
        drain();
    }

    private void drain() {
        long now = nanoClock.getAsLong();
        while (!pending.isEmpty() && lease.valid(now) && last - next + 1 >= pending.peek().count()) {
            Pending p = pending.poll();
            p.future().complete(take(p.count()));
        }
        if (!pending.isEmpty()) {
            renewIfDue(now);
        }
    }

    private void failPending(Throwable error) {
        pending.forEach(p -> p.future().completeExceptionally(error));
        pending.clear();
    }
}
