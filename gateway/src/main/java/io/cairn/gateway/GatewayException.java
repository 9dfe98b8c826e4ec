package io.cairn.gateway;

import io.cairn.api.shard.KvErrorCode;

/** Carries a {@link GatewayError} up to the transport, where {@link ErrorMapper} maps it. */
final class GatewayException extends RuntimeException {
    private final transient GatewayError error;

    GatewayException(GatewayError error) {
        super(error.toString(), null, false, false);
        this.error = error;
    }

    GatewayException(GatewayError error, Throwable cause) {
        super(error.toString(), cause, false, false);
        this.error = error;
    }

    static GatewayException kv(KvErrorCode code) {
        return new GatewayException(new GatewayError.Kv(code));
    }

    GatewayError error() {
        return error;
    }
}
