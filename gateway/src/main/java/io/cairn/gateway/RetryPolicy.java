package io.cairn.gateway;

import java.time.Duration;

/**
 * How the router retries a shard call: exponential back-off within one overall deadline.
 * Reads are retried on every routing error and when a node is unreachable; writes only when
 * the node's answer proves the write was not applied (not leader, epoch mismatch, shard not
 * found, busy), never after a transport failure whose outcome is unknown.
 */
record RetryPolicy(Duration deadline, Duration initialBackoff, Duration maxBackoff) {

    static RetryPolicy defaults() {
        return new RetryPolicy(Duration.ofSeconds(5), Duration.ofMillis(10), Duration.ofMillis(500));
    }

    boolean mayRetry(RoutingRetry.Reason reason, boolean write) {
        return !write || reason.provesNotApplied();
    }

    long backoffMillis(int attempt, long hintMillis) {
        long base = initialBackoff.toMillis() << Math.min(attempt, 16);
        long capped = Math.min(base, maxBackoff.toMillis());
        return Math.max(capped, Math.min(hintMillis, maxBackoff.toMillis()));
    }
}
