package io.cairn.testkit.robustness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * libfiu's {@code fiu-run}/{@code fiu-ctrl} (Debian: {@code apt-get install fiu-utils}): a process
 * started through {@code fiu-run -x} has the POSIX calls wrapped by an LD_PRELOAD library, and
 * {@code fiu-ctrl} turns failure points on and off in it while it runs (here: every
 * {@code fsync}/{@code fdatasync}/{@code sync_file_range} fails with EIO, {@code posix/io/sync/*}).
 */
final class Fiu {
    static final String SYNC = "posix/io/sync/*";
    private static final List<Path> PLACES = List.of(Path.of("/usr/bin"), Path.of("/usr/local/bin"));

    private Fiu() {
    }

    /** True if fiu-run and fiu-ctrl are installed. */
    static boolean available() {
        return PLACES.stream().anyMatch(d -> Files.isExecutable(d.resolve("fiu-run"))
                && Files.isExecutable(d.resolve("fiu-ctrl")));
    }

    /** The command prefix: control pipes named {@code ctrlPrefix-<pid>.in/out}. */
    static List<String> wrapper(Path ctrlPrefix) {
        return List.of("fiu-run", "-x", "-f", ctrlPrefix.toString());
    }

    /** Enables or disables {@code point} in process {@code pid} started with {@link #wrapper}. */
    static void set(Path ctrlPrefix, long pid, String point, boolean enabled) {
        String command = (enabled ? "enable" : "disable") + " name=" + point;
        try {
            Process ctrl = new ProcessBuilder("fiu-ctrl", "-f", ctrlPrefix.toString(), "-c", command,
                    Long.toString(pid)).redirectErrorStream(true).start();
            if (!ctrl.waitFor(10, TimeUnit.SECONDS) || ctrl.exitValue() != 0) {
                ctrl.destroyForcibly();
                throw new IllegalStateException("fiu-ctrl -c '" + command + "' " + pid + " failed: "
                        + new String(ctrl.getInputStream().readAllBytes()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run fiu-ctrl", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
