package io.cairn.gateway.concurrency;

/**
 * The errors of etcd's concurrency recipes, with etcd's messages. etcd's Lock and Election
 * servers return them as plain errors, which gRPC sends as {@code UNKNOWN}; clients (jetcd,
 * clientv3) recognise them by message.
 */
public final class ConcurrencyException extends RuntimeException {

    /** What went wrong; {@link #message()} is etcd's text. */
    public enum Reason {
        /** Proclaim with a leader key that is gone or was re-created (etcd's ErrElectionNotLeader). */
        NOT_LEADER("election: not leader"),
        /** Leader of an election nobody leads (ErrElectionNoLeader). */
        NO_LEADER("election: no leader"),
        /** The lock key vanished while waiting, e.g. its lease expired (ErrSessionExpired). */
        SESSION_EXPIRED("mutex: session is expired"),
        /** Proclaim or Resign without a leader key (v3election's ErrMissingLeaderKey). */
        MISSING_LEADER_KEY("\"leader\" field must be provided"),
        /** The client cancelled the call or its deadline passed while it was waiting. */
        CANCELLED("context canceled"),
        /** The watch a waiter relied on ended without the delete it waited for. */
        LOST_WATCHER("lost watcher waiting for delete");

        private final String message;

        Reason(String message) {
            this.message = message;
        }

        public String message() {
            return message;
        }
    }

    private final Reason reason;

    public ConcurrencyException(Reason reason) {
        super(reason.message(), null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
