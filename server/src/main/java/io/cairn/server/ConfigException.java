package io.cairn.server;

/** A role's configuration is missing, malformed or inconsistent; the message says how to fix it. */
final class ConfigException extends RuntimeException {
    ConfigException(String message) {
        super(message);
    }

    ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
