package io.cairn.gateway;

/**
 * A shard call failed in a way a fresh route may fix. Thrown by one attempt, caught by the
 * router's retry loop; never reaches a client (the loop turns it into an error when it
 * gives up).
 */
final class RoutingRetry extends RuntimeException {

    enum Reason {
        NOT_LEADER(true), EPOCH_NOT_MATCH(true), SHARD_NOT_FOUND(true), SERVER_BUSY(true),
        NO_ROUTE(true), NOT_CONNECTED(true), UNREACHABLE(false);

        private final boolean provesNotApplied;

        Reason(boolean provesNotApplied) {
            this.provesNotApplied = provesNotApplied;
        }

        boolean provesNotApplied() {
            return provesNotApplied;
        }
    }

    private final Reason reason;
    private final long shardId;
    private final long backoffHintMillis;

    RoutingRetry(Reason reason, long shardId, long backoffHintMillis, String detail) {
        super(reason + " on shard " + Long.toUnsignedString(shardId) + (detail.isEmpty() ? "" : ": " + detail),
                null, false, false);
        this.reason = reason;
        this.shardId = shardId;
        this.backoffHintMillis = backoffHintMillis;
    }

    Reason reason() {
        return reason;
    }

    long shardId() {
        return shardId;
    }

    long backoffHintMillis() {
        return backoffHintMillis;
    }
}
