package io.cairn.gateway;

import io.cairn.api.shard.KvErrorCode;
import io.cairn.gateway.concurrency.ConcurrencyException;
import java.util.List;

/**
 * The closed vocabulary of everything the gateway can answer besides success. Turned into a
 * gRPC status or an HTTP response by {@link ErrorMapper} alone.
 */
sealed interface GatewayError {

    /** An etcd KV error, raised by a shard or by our own validation. */
    record Kv(KvErrorCode code, String detail) implements GatewayError {
        public Kv(KvErrorCode code) {
            this(code, "");
        }
    }

    /** No credential, or an API key that does not verify. */
    record Unauthenticated(String message) implements GatewayError {
    }

    /** A token that is unknown or expired: etcd clients re-authenticate on this one. */
    record InvalidToken() implements GatewayError {
    }

    /** {@code Auth.Authenticate} with a wrong name or password. */
    record AuthFailed() implements GatewayError {
    }

    /** The credential is valid but does not allow the operation. */
    record PermissionDenied() implements GatewayError {
    }

    /** An admin API call without the admin credential (a tenant's API key, or the admin API is off). */
    record AdminDenied(String message) implements GatewayError {
    }

    /** A request the cluster's current state does not allow (e.g. removing a node that still holds replicas). */
    record FailedPrecondition(String message) implements GatewayError {
    }

    /** A request that clashes with work already under way (e.g. a shard that already has a running operator). */
    record Conflict(String message) implements GatewayError {
    }

    /** A request that is well-formed but not acceptable (unknown enum, bad option). */
    record InvalidArgument(String message) implements GatewayError {
    }

    /** A request body we could not even parse (bad JSON, bad base64, bad URL encoding). */
    record Malformed(String message) implements GatewayError {
    }

    /** A request that would need an atomic operation across shards, not supported yet. */
    record CrossShard(String operation, String operations, List<Long> shardIds) implements GatewayError {
        public CrossShard {
            shardIds = List.copyOf(shardIds);
        }
    }

    /** A shard or the control plane could not be reached within the deadline. */
    record Unavailable(String message) implements GatewayError {
    }

    /** Nothing at the key the plain REST API asked for. */
    record NotFound(String message) implements GatewayError {
    }

    /** A call Cairn does not serve (yet). */
    record Unimplemented(String message) implements GatewayError {
    }

    /**
     * An error of etcd's lock and election recipes; etcd sends these as plain errors (gRPC
     * {@code UNKNOWN}, except a cancelled wait), clients match the message.
     */
    record Concurrency(ConcurrencyException.Reason reason) implements GatewayError {
    }

    /** A bug or a broken invariant; the message is for the operator. */
    record Internal(String message) implements GatewayError {
    }
}
