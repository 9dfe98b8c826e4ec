package io.cairn.controlplane;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs a {@link Scheduler} round on the leader, once its state is current (read barrier). */
final class SchedulingLoop implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(SchedulingLoop.class);
    private static final long ROUND_TIMEOUT_MS = 10_000;

    private final MetaRaft raft;
    private final Scheduler scheduler;

    SchedulingLoop(MetaRaft raft, Scheduler scheduler) {
        this.raft = raft;
        this.scheduler = scheduler;
    }

    @Override
    public void run() {
        if (!raft.isLeader()) {
            return;
        }
        try {
            raft.readBarrier().thenCompose(ignored -> scheduler.runOnce(System.currentTimeMillis()))
                    .get(ROUND_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.info("scheduling round did not finish: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("scheduling round failed", e);
        }
    }
}
