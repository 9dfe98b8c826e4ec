package io.cairn.server.compat;

/**
 * What one etcdctl command did: exit status, stdout, stderr. {@code exit} is the process's exit
 * code, or {@link #TIMED_OUT} when it did not finish in time.
 */
public record Outcome(int exit, String stdout, String stderr) {
    public static final int TIMED_OUT = -1;
    /** The test harness could not do the step on this server; stderr says why. */
    public static final int HARNESS_FAILED = -2;
    /** A step with nothing to compare (e.g. a mark) that succeeded. */
    public static final Outcome NOTHING = new Outcome(0, "", "");

    public Outcome withStdout(String text) {
        return new Outcome(exit, text, stderr);
    }

    public Outcome withStderr(String text) {
        return new Outcome(exit, stdout, text);
    }

    public Outcome withExit(int code) {
        return new Outcome(code, stdout, stderr);
    }

    @Override
    public String toString() {
        String status = exit == TIMED_OUT ? "(timed out)" : exit == HARNESS_FAILED ? "(harness failed)" : Integer.toString(exit);
        return "exit " + status + "\n  stdout: " + indent(stdout) + "\n  stderr: " + indent(stderr);
    }

    private static String indent(String text) {
        return text.isEmpty() ? "(empty)" : "|" + text.replace("\n", "\n          |");
    }
}
