package io.cairn.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A finished command: its exit code and everything it printed (stdout and stderr, also kept in a file). */
public record CommandRun(int exitCode, String output) {

    /** Runs {@code command} with {@code CAIRN_SKIP_BUILD=1}, output to {@code outFile}; fails after {@code timeout}. */
    static CommandRun run(Path outFile, Duration timeout, List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(outFile.toFile()));
        builder.environment().put("CAIRN_SKIP_BUILD", "1");
        try {
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                return new CommandRun(-1, Files.readString(outFile) + "\n(timed out after " + timeout.toSeconds() + " s)");
            }
            return new CommandRun(process.exitValue(), Files.readString(outFile));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
