package io.cairn.gateway;

import io.cairn.api.shard.KvErrorCode;
import io.cairn.controlplane.client.ControlPlaneUnavailableException;
import io.cairn.gateway.concurrency.ConcurrencyException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where errors meet the wire: {@link GatewayError} to a gRPC {@link Status}
 * with etcd's exact messages (etcd's {@code rpctypes}), and to HTTP the way etcd's
 * grpc-gateway renders a status. Also the only class that reads a {@link Status} coming
 * back from a store node.
 */
final class ErrorMapper {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapper.class);

    /** What went wrong on a call to a store node, as far as routing cares. */
    /** NOT_CONNECTED: no connection could be made, so the request was never sent. */
    enum TransportFailure { NOT_CONNECTED, UNREACHABLE, DEADLINE_EXCEEDED, OTHER }

    private record Wire(Status.Code code, String message) {
    }

    private ErrorMapper() {
    }

    static StatusRuntimeException toGrpc(Throwable failure) {
        Wire wire = wire(classify(failure));
        return wire.code().toStatus().withDescription(wire.message()).asRuntimeException();
    }

    /** Ends a gRPC call that failed before reaching a handler (e.g. in authentication). */
    static void closeCall(io.grpc.ServerCall<?, ?> call, Throwable failure) {
        call.close(toGrpc(failure).getStatus(), new io.grpc.Metadata());
    }

    static HttpProblem toHttp(Throwable failure) {
        GatewayError error = classify(failure);
        Wire wire = wire(error);
        int httpStatus = error instanceof GatewayError.Malformed ? 400 : httpStatus(wire.code());
        return new HttpProblem(httpStatus, wire.code().value(), wire.message());
    }

    static TransportFailure transportFailure(Throwable failure) {
        Status status = Status.fromThrowable(failure);
        return switch (status.getCode()) {
            case UNAVAILABLE -> neverConnected(failure) ? TransportFailure.NOT_CONNECTED : TransportFailure.UNREACHABLE;
            case DEADLINE_EXCEEDED -> TransportFailure.DEADLINE_EXCEEDED;
            default -> TransportFailure.OTHER;
        };
    }

    private static boolean neverConnected(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof java.net.ConnectException) {
                return true;
            }
        }
        return false;
    }

    static GatewayError classify(Throwable failure) {
        Throwable t = failure;
        while (t instanceof java.util.concurrent.CompletionException
                || t instanceof java.util.concurrent.ExecutionException) {
            if (t.getCause() == null) {
                break;
            }
            t = t.getCause();
        }
        if (t instanceof GatewayException e) {
            return e.error();
        }
        if (t instanceof ConcurrencyException e) {
            return new GatewayError.Concurrency(e.reason());
        }
        if (t instanceof ControlPlaneUnavailableException e) {
            return new GatewayError.Unavailable("cairn: control plane unavailable: " + e.getMessage());
        }
        LOG.error("unexpected failure", t);
        return new GatewayError.Internal("cairn: internal error: " + t);
    }

    /**
     * What an admin call's refusal by the control plane means to the admin API's caller: the
     * control plane's own message, under the matching error.
     */
    static GatewayError fromControlPlane(StatusRuntimeException failure) {
        Status status = failure.getStatus();
        String message = "cairn: " + (status.getDescription() == null ? status.getCode().name() : status.getDescription());
        return switch (status.getCode()) {
            case NOT_FOUND -> new GatewayError.NotFound(message);
            case INVALID_ARGUMENT -> new GatewayError.InvalidArgument(message);
            case FAILED_PRECONDITION -> new GatewayError.FailedPrecondition(message);
            case ALREADY_EXISTS -> new GatewayError.Conflict(message);
            case UNAVAILABLE, DEADLINE_EXCEEDED -> new GatewayError.Unavailable("cairn: control plane unavailable: " + message);
            default -> {
                LOG.error("control-plane admin call failed", failure);
                yield new GatewayError.Internal("cairn: internal error: " + status);
            }
        };
    }

    private static Wire wire(GatewayError error) {
        return switch (error) {
            case GatewayError.Kv kv -> kvWire(kv);
            case GatewayError.Unauthenticated u -> new Wire(Status.Code.UNAUTHENTICATED, u.message());
            case GatewayError.InvalidToken t -> new Wire(Status.Code.UNAUTHENTICATED, "etcdserver: invalid auth token");
            case GatewayError.AuthFailed a -> new Wire(Status.Code.INVALID_ARGUMENT,
                    "etcdserver: authentication failed, invalid user ID or password");
            case GatewayError.PermissionDenied p -> new Wire(Status.Code.PERMISSION_DENIED, "etcdserver: permission denied");
            case GatewayError.AdminDenied a -> new Wire(Status.Code.PERMISSION_DENIED, a.message());
            case GatewayError.FailedPrecondition f -> new Wire(Status.Code.FAILED_PRECONDITION, f.message());
            case GatewayError.Conflict c -> new Wire(Status.Code.ALREADY_EXISTS, c.message());
            case GatewayError.InvalidArgument i -> new Wire(Status.Code.INVALID_ARGUMENT, i.message());
            case GatewayError.Malformed m -> new Wire(Status.Code.INVALID_ARGUMENT, m.message());
            case GatewayError.CrossShard c -> new Wire(Status.Code.FAILED_PRECONDITION, crossShardMessage(c));
            case GatewayError.Unavailable u -> new Wire(Status.Code.UNAVAILABLE, u.message());
            case GatewayError.Internal i -> new Wire(Status.Code.INTERNAL, i.message());
            case GatewayError.NotFound n -> new Wire(Status.Code.NOT_FOUND, n.message());
            case GatewayError.Unimplemented u -> new Wire(Status.Code.UNIMPLEMENTED, u.message());
            case GatewayError.Concurrency c -> c.reason() == ConcurrencyException.Reason.CANCELLED
                    ? new Wire(Status.Code.CANCELLED, c.reason().message())
                    : new Wire(Status.Code.UNKNOWN, c.reason().message());
        };
    }

    private static Wire kvWire(GatewayError.Kv kv) {
        return switch (kv.code()) {
            case COMPACTED -> new Wire(Status.Code.OUT_OF_RANGE, "etcdserver: mvcc: required revision has been compacted");
            case FUTURE_REVISION -> new Wire(Status.Code.OUT_OF_RANGE, "etcdserver: mvcc: required revision is a future revision");
            case DUPLICATE_KEY -> new Wire(Status.Code.INVALID_ARGUMENT, "etcdserver: duplicate key given in txn request");
            case LEASE_NOT_FOUND -> new Wire(Status.Code.NOT_FOUND, "etcdserver: requested lease not found");
            case LEASE_EXISTS -> new Wire(Status.Code.FAILED_PRECONDITION, "etcdserver: lease already exists");
            case LEASE_TTL_TOO_LARGE -> new Wire(Status.Code.OUT_OF_RANGE, "etcdserver: too large lease TTL");
            case KEY_NOT_FOUND -> new Wire(Status.Code.INVALID_ARGUMENT, "etcdserver: key not found");
            case TOO_MANY_OPS -> new Wire(Status.Code.INVALID_ARGUMENT, "etcdserver: too many operations in txn request");
            case REQUEST_TOO_LARGE -> new Wire(Status.Code.INVALID_ARGUMENT, "etcdserver: request is too large");
            case EMPTY_KEY -> new Wire(Status.Code.INVALID_ARGUMENT, "etcdserver: key is not provided");
            case VALUE_PROVIDED -> new Wire(Status.Code.INVALID_ARGUMENT, "etcdserver: value is provided");
            case LEASE_PROVIDED -> new Wire(Status.Code.INVALID_ARGUMENT, "etcdserver: lease is provided");
            case INVALID_ARGUMENT -> new Wire(Status.Code.INVALID_ARGUMENT, kv.detail());
            case TIMEOUT -> new Wire(Status.Code.UNAVAILABLE, "etcdserver: request timed out");
            case NO_LEADER -> new Wire(Status.Code.UNAVAILABLE, "etcdserver: no leader");
            case LEADER_CHANGED -> new Wire(Status.Code.UNAVAILABLE, "etcdserver: leader changed");
            case INTERNAL, KV_ERROR_UNSPECIFIED, UNRECOGNIZED -> new Wire(Status.Code.INTERNAL,
                    kv.detail().isEmpty() ? "etcdserver: internal error" : kv.detail());
        };
    }

    private static String crossShardMessage(GatewayError.CrossShard c) {
        StringBuilder names = new StringBuilder();
        var ids = c.shardIds();
        for (int i = 0; i < ids.size(); i++) {
            if (i > 0) {
                names.append(i == ids.size() - 1 ? " and " : ", ");
            }
            names.append(Long.toUnsignedString(ids.get(i)));
        }
        return "cairn: " + c.operation() + " spans shards " + names
                + "; cross-shard " + c.operations() + " are not supported yet";
    }

    /** grpc-gateway's HTTPStatusFromCode. */
    private static int httpStatus(Status.Code code) {
        return switch (code) {
            case OK -> 200;
            case CANCELLED -> 499;
            case INVALID_ARGUMENT, FAILED_PRECONDITION, OUT_OF_RANGE -> 400;
            case DEADLINE_EXCEEDED -> 504;
            case NOT_FOUND -> 404;
            case ALREADY_EXISTS, ABORTED -> 409;
            case PERMISSION_DENIED -> 403;
            case UNAUTHENTICATED -> 401;
            case RESOURCE_EXHAUSTED -> 429;
            case UNIMPLEMENTED -> 501;
            case UNAVAILABLE -> 503;
            case UNKNOWN, INTERNAL, DATA_LOSS -> 500;
        };
    }
}
