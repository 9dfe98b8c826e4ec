package io.cairn.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;

/** POSIX signals the JDK has no API for (SIGSTOP, SIGCONT), sent with {@code kill}. */
final class Signals {
    private Signals() {
    }

    /**
     * Asks a JVM that did not get ready for a thread dump (SIGQUIT: the JVM prints every thread's
     * stack to its stdout, which the caller's log captures) and waits a moment for it to be
     * written; a process that is gone or ignores it is left as it is.
     */
    static void threadDump(long pid) {
        try {
            send("QUIT", pid);
            Thread.sleep(1500);
        } catch (RuntimeException e) {
            // best effort: the dump only helps to diagnose, the caller fails either way
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void send(String signal, long pid) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).redirectErrorStream(true).start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + pid + " failed: "
                        + new String(kill.getInputStream().readAllBytes()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
