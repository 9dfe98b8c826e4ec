package io.cairn.controlplane.client;

/** No control-plane leader answered within the call's deadline. */
public final class ControlPlaneUnavailableException extends RuntimeException {
    public ControlPlaneUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
