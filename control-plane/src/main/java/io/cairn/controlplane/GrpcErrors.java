package io.cairn.controlplane;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place control-plane errors become gRPC statuses. A follower's answer is
 * UNAVAILABLE with trailer {@value #LEADER_KEY_NAME} = the leader's gRPC address when known.
 */
final class GrpcErrors {
    static final String LEADER_KEY_NAME = "cairn-leader";
    static final Metadata.Key<String> LEADER_KEY = Metadata.Key.of(LEADER_KEY_NAME, Metadata.ASCII_STRING_MARSHALLER);
    private static final Logger LOG = LoggerFactory.getLogger(GrpcErrors.class);

    private GrpcErrors() {
    }

    static StatusRuntimeException toStatus(Throwable error) {
        Throwable cause = unwrap(error);
        if (cause instanceof StatusRuntimeException sre) {
            return sre;
        }
        if (!(cause instanceof ControlPlaneException cpe)) {
            LOG.error("control-plane call failed", cause);
            return Status.INTERNAL.withDescription(String.valueOf(cause)).withCause(cause).asRuntimeException();
        }
        Metadata trailers = new Metadata();
        Status status = switch (cpe.code()) {
            case NOT_LEADER -> {
                cpe.leaderRpcAddress().ifPresent(leader -> trailers.put(LEADER_KEY, leader));
                yield Status.UNAVAILABLE;
            }
            case NOT_FOUND -> Status.NOT_FOUND;
            case ALREADY_EXISTS -> Status.ALREADY_EXISTS;
            case INVALID_ARGUMENT -> Status.INVALID_ARGUMENT;
            case FAILED_PRECONDITION -> Status.FAILED_PRECONDITION;
            case UNAVAILABLE -> Status.UNAVAILABLE;
        };
        return status.withDescription(cpe.getMessage()).asRuntimeException(trailers);
    }

    private static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
