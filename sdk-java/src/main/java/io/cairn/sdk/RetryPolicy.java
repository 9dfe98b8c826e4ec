package io.cairn.sdk;

import io.grpc.Status;
import java.time.Duration;

/**
 * When to retry, in one place: a call is retried on UNAVAILABLE only if it is idempotent (reads)
 * or the failure proves it never reached a server; never on application errors.
 */
record RetryPolicy(int maxAttempts, Duration firstBackoff, Duration deadline) {

    boolean shouldRetry(Status status, boolean idempotent, int attempt) {
        if (attempt >= maxAttempts) {
            return false;
        }
        return switch (status.getCode()) {
            case UNAVAILABLE -> idempotent || isConnectFailure(status);
            case RESOURCE_EXHAUSTED -> true;
            default -> false;
        };
    }

    long backoffMillis(int attempt) {
        long base = firstBackoff.toMillis() << Math.min(attempt, 6);
        return base + (long) (Math.random() * base / 2);
    }

    private static boolean isConnectFailure(Status status) {
        Throwable cause = status.getCause();
        return cause instanceof java.net.ConnectException
                || (cause != null && cause.getCause() instanceof java.net.ConnectException);
    }
}
