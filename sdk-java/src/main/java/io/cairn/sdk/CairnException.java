package io.cairn.sdk;

/** A failed call: {@link #code()} is the gRPC status code name, the message is the server's. */
public final class CairnException extends RuntimeException {
    private final String code;

    CairnException(String code, String message, Throwable cause) {
        super(code + ": " + message, cause);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
