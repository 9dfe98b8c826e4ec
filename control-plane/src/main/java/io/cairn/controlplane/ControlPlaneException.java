package io.cairn.controlplane;

import java.util.Optional;

/**
 * The control plane's closed error vocabulary; {@link GrpcErrors} maps it to the wire in one
 * place.
 */
final class ControlPlaneException extends RuntimeException {

    enum Code { NOT_LEADER, NOT_FOUND, ALREADY_EXISTS, INVALID_ARGUMENT, FAILED_PRECONDITION, UNAVAILABLE }

    private final Code code;
    private final String leaderRpcAddress;

    private ControlPlaneException(Code code, String message, String leaderRpcAddress) {
        super(message, null, false, false);
        this.code = code;
        this.leaderRpcAddress = leaderRpcAddress;
    }

    static ControlPlaneException notLeader(Optional<String> leaderRpcAddress) {
        return new ControlPlaneException(Code.NOT_LEADER, "not the control-plane leader",
                leaderRpcAddress.orElse(null));
    }

    static ControlPlaneException notFound(String message) {
        return new ControlPlaneException(Code.NOT_FOUND, message, null);
    }

    static ControlPlaneException alreadyExists(String message) {
        return new ControlPlaneException(Code.ALREADY_EXISTS, message, null);
    }

    static ControlPlaneException invalidArgument(String message) {
        return new ControlPlaneException(Code.INVALID_ARGUMENT, message, null);
    }

    static ControlPlaneException failedPrecondition(String message) {
        return new ControlPlaneException(Code.FAILED_PRECONDITION, message, null);
    }

    static ControlPlaneException unavailable(String message) {
        return new ControlPlaneException(Code.UNAVAILABLE, message, null);
    }

    Code code() {
        return code;
    }

    /** gRPC address of the leader when known (only for {@link Code#NOT_LEADER}). */
    Optional<String> leaderRpcAddress() {
        return Optional.ofNullable(leaderRpcAddress);
    }
}
