package io.cairn.testkit.robustness;

import java.nio.file.Path;
import java.util.List;

/**
 * The system under test in one robustness run: real processes (members) and one client-facing
 * port. {@code cairn dev} is one member ({@link DevTarget}); a multi-process cluster adds a member
 * per process, and faults pick among them.
 */
public interface Target extends AutoCloseable {

    /** The port clients reach the etcd API on (the runner puts a fault proxy in front of it). */
    int clientPort();

    /** A credential for the client port, or null if none is needed. */
    String apiKey();

    /** Every process of the target; faults such as kill -9 or SIGSTOP choose one of them. */
    List<? extends Member> members();

    /** Copies what a failing run's report needs (process output, logs, data dirs) into {@code dir}. */
    void collectArtifacts(Path dir);

    /** Stops every process. */
    @Override
    void close();

    /** One process of the target. */
    interface Member {
        String name();

        /** The OS process id, for signals. */
        long pid();

        /** {@code kill -9}: nothing runs on the way out. */
        void kill9();

        /** Starts the process again on the same data dir and ports, and waits until it serves. */
        void restart();
    }

    /** Fresh {@code cairn dev} processes, one per run. */
    static Factory dev() {
        return DevTarget.factory();
    }

    /** Starts a fresh target whose files live under {@code dir}. */
    @FunctionalInterface
    interface Factory {
        Target start(Path dir);
    }
}
