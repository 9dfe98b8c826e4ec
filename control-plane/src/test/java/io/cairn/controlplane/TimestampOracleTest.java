package io.cairn.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TimestampOracleTest {

    /** A stand-in for Raft: each advance is applied when the test says so. */
    private static final class ManualAdvancer implements TimestampOracle.Advancer {
        long mark;
        final List<Long> terms = new ArrayList<>();
        final List<CompletableFuture<TsoWindow>> inFlight = new ArrayList<>();
        final List<Long> steps = new ArrayList<>();

        @Override
        public CompletableFuture<TsoWindow> advance(long step, long term) {
            CompletableFuture<TsoWindow> f = new CompletableFuture<>();
            terms.add(term);
            steps.add(step);
            inFlight.add(f);
            return f;
        }

        void commitNext() {
            long step = steps.remove(0);
            terms.remove(0);
            TsoWindow window = new TsoWindow(mark + 1, mark + step);
            mark += step;
            inFlight.remove(0).complete(window);
        }
    }

    /** A stand-in for read-index rounds: each completes when the test says so. */
    private static final class ManualConfirmer implements LeaderLease.Confirmer {
        final List<CompletableFuture<Void>> inFlight = new ArrayList<>();

        @Override
        public CompletableFuture<Void> confirm() {
            CompletableFuture<Void> f = new CompletableFuture<>();
            inFlight.add(f);
            return f;
        }
    }

    private static final long LEASE = 800_000_000L;

    private final ManualAdvancer raft = new ManualAdvancer();
    private final ManualConfirmer peers = new ManualConfirmer();
    private final AtomicLong clock = new AtomicLong(-5_000_000_000L);
    private final TimestampOracle tso = new TimestampOracle(raft, peers, clock::get, LEASE,
            () -> ControlPlaneException.notLeader(Optional.empty()));

    @Test
    void servesNothingBeforeLeadingAndWaitsForTheFirstAdvance() {
        assertThatThrownBy(() -> tso.allocate(1).join()).hasCauseInstanceOf(ControlPlaneException.class);
        tso.onLeaderStart(3);
        CompletableFuture<TsoWindow> first = tso.allocate(5);
        assertThat(first).isNotDone();
        assertThat(raft.terms).containsExactly(3L);
        raft.commitNext();
        assertThat(first.join()).isEqualTo(new TsoWindow(1, 5));
        assertThat(tso.allocate(2).join()).isEqualTo(new TsoWindow(6, 7));
    }

    @Test
    void refillsBeforeTheWindowRunsOutAndKeepsTheWindowContiguous() {
        tso.onLeaderStart(1);
        raft.commitNext();
        long last = 0;
        for (int i = 0; i < 6; i++) {
            TsoWindow w = tso.allocate(10_000).join();
            assertThat(w.first()).isEqualTo(last + 1);
            last = w.last();
        }
        assertThat(raft.inFlight).hasSize(1);
        raft.commitNext();
        for (int i = 0; i < 10; i++) {
            TsoWindow w = tso.allocate(10_000).join();
            assertThat(w.first()).isEqualTo(last + 1);
            last = w.last();
        }
    }

    @Test
    void aNewTermStartsAboveEveryEarlierMarkAndDropsStaleAdvances() {
        tso.onLeaderStart(1);
        raft.commitNext();
        TsoWindow before = tso.allocate(100).join();
        CompletableFuture<TsoWindow> waiting = tso.allocate(2 * (int) TimestampOracle.STEP);
        tso.onLeaderStop();
        assertThatThrownBy(waiting::join).isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(ControlPlaneException.class);
        assertThatThrownBy(() -> tso.allocate(1).join()).hasCauseInstanceOf(ControlPlaneException.class);

        tso.onLeaderStart(2);
        raft.commitNext(); // the stale advance of term 1 commits late: ignored
        CompletableFuture<TsoWindow> after = tso.allocate(1);
        assertThat(after).isNotDone();
        raft.commitNext();
        assertThat(after.join().first()).isGreaterThan(before.last()).isGreaterThan(TimestampOracle.STEP);
    }

    @Test
    void aCallLargerThanAStepGetsAnAdvanceBigEnough() {
        tso.onLeaderStart(1);
        raft.commitNext();
        CompletableFuture<TsoWindow> big = tso.allocate(TimestampOracle.MAX_COUNT);
        raft.commitNext();
        while (!big.isDone()) {
            raft.commitNext();
        }
        assertThat(big.join().last() - big.join().first() + 1).isEqualTo(TimestampOracle.MAX_COUNT);
        assertThatThrownBy(() -> tso.allocate(0).join()).hasCauseInstanceOf(ControlPlaneException.class);
    }

    @Test
    void aLeaderWhoseLeaseRanOutAsksItsPeersBeforeServingAgain() {
        tso.onLeaderStart(1);
        raft.commitNext();
        assertThat(tso.allocate(1).join()).isEqualTo(new TsoWindow(1, 1));

        clock.addAndGet(LEASE + 1); // paused (GC, SIGSTOP) longer than the lease
        CompletableFuture<TsoWindow> afterPause = tso.allocate(1);
        assertThat(afterPause).as("no revision from the old window without a fresh lease").isNotDone();
        assertThat(peers.inFlight).hasSize(1);
        peers.inFlight.remove(0).complete(null);
        assertThat(afterPause.join()).isEqualTo(new TsoWindow(2, 2));
    }

    @Test
    void aLeaderCutOffFromItsPeersFailsInsteadOfServingFromItsWindow() {
        tso.onLeaderStart(1);
        raft.commitNext();
        clock.addAndGet(LEASE);
        CompletableFuture<TsoWindow> cutOff = tso.allocate(1);
        peers.inFlight.remove(0).completeExceptionally(ControlPlaneException.unavailable("no quorum"));
        assertThatThrownBy(cutOff::join).hasCauseInstanceOf(ControlPlaneException.class);
        CompletableFuture<TsoWindow> retry = tso.allocate(1);
        assertThat(retry).isNotDone();
        assertThat(peers.inFlight).hasSize(1);
    }

    @Test
    void aBusyLeaderRenewsItsLeaseInTheBackgroundWithoutWaiting() {
        tso.onLeaderStart(1);
        raft.commitNext();
        clock.addAndGet(LEASE / 2 + 1); // half of the lease left: renew, but keep serving
        assertThat(tso.allocate(1).join()).isEqualTo(new TsoWindow(1, 1));
        assertThat(peers.inFlight).hasSize(1);
        assertThat(tso.allocate(1).join()).isEqualTo(new TsoWindow(2, 2));
        assertThat(peers.inFlight).as("one renewal at a time").hasSize(1);
        long renewedAt = clock.get();
        peers.inFlight.remove(0).complete(null);
        clock.set(renewedAt + LEASE - 1);
        assertThat(tso.allocate(1).join()).isEqualTo(new TsoWindow(3, 3));
    }

    @Test
    void aFailedRenewalWhileTheFirstAdvanceIsInFlightDoesNotFailTheWaitingCalls() {
        tso.onLeaderStart(1);
        CompletableFuture<TsoWindow> first = tso.allocate(1);
        assertThat(peers.inFlight).hasSize(1);
        peers.inFlight.remove(0).completeExceptionally(ControlPlaneException.unavailable("not committed in term yet"));
        assertThat(first).isNotDone();
        raft.commitNext();
        assertThat(first.join()).isEqualTo(new TsoWindow(1, 1));
    }
}
