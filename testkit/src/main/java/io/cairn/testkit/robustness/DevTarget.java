package io.cairn.testkit.robustness;

import io.cairn.testkit.CairnDevProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A {@code cairn dev} process (control plane, store node and gateway in one JVM) as a target. */
final class DevTarget implements Target, Target.Member {
    private final CairnDevProcess dev;
    private final Path fiuPrefix;

    private DevTarget(CairnDevProcess dev, Path fiuPrefix) {
        this.dev = dev;
        this.fiuPrefix = fiuPrefix;
    }

    /** The factory for runs: a fresh data dir under each run's directory. */
    static Factory factory() {
        return new Factory() {
            @Override
            public Target start(Path dir) {
                createDirectories(dir);
                return new DevTarget(CairnDevProcess.start(dir.resolve("data")), null);
            }

            @Override
            public Target start(Path dir, Fault fault) {
                if (!(fault instanceof Fault.DiskError)) {
                    return start(dir);
                }
                createDirectories(dir);
                Path prefix = dir.resolve("fiu-ctrl");
                return new DevTarget(CairnDevProcess.start(dir.resolve("data"), Fiu.wrapper(prefix)), prefix);
            }
        };
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }

    @Override
    public void failDiskSync(boolean fail) {
        if (fiuPrefix == null) {
            throw new UnsupportedOperationException("cairn dev was not started under fiu-run");
        }
        Fiu.set(fiuPrefix, dev.pid(), Fiu.SYNC, fail);
    }

    @Override
    public int clientPort() {
        return dev.port();
    }

    @Override
    public String apiKey() {
        return dev.apiKey();
    }

    @Override
    public List<DevTarget> members() {
        return List.of(this);
    }

    @Override
    public String name() {
        return "dev";
    }

    @Override
    public long pid() {
        return dev.pid();
    }

    @Override
    public void kill9() {
        dev.kill9();
    }

    @Override
    public void restart() {
        dev.restart();
    }

    @Override
    public void restartArmed(String failpoints) {
        dev.kill9();
        try {
            dev.restartWith(java.util.Map.of("CAIRN_FAILPOINTS", failpoints),
                    List.of("--snapshot-interval-secs", "2"));
        } catch (IllegalStateException e) {
            if (dev.isAlive()) {
                throw e;
            }
        }
    }

    @Override
    public boolean awaitExit(java.time.Duration timeout) {
        return dev.awaitExit(timeout) >= 0;
    }

    @Override
    public void collectArtifacts(Path dir) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("dev.out"), dev.output());
            // the data dir holds the logs too (cairn dev logs into <data>/logs)
            Artifacts.copyTree(dev.dataDir(), dir.resolve("data"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the artifacts of " + dev.dataDir(), e);
        }
    }

    @Override
    public void close() {
        dev.close();
    }
}
