package io.cairn.server;

import java.nio.file.Path;
import org.slf4j.bridge.SLF4JBridgeHandler;

/** Sends every log (ours, JRaft's, Helidon's java.util.logging) to logback and a file in the data dir. */
final class Logging {
    private Logging() {
    }

    /** Must run before the first logger is created: logback reads {@code cairn.log.dir} once. */
    static void init(Path logDir) {
        System.setProperty("cairn.log.dir", logDir.toString());
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
    }
}
