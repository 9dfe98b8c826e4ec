package io.cairn.testkit.watch;

/** One broken guarantee, located to a watcher and a session (0-based). */
public record Violation(Guarantee guarantee, String watcherId, int session, String detail) {
    @Override
    public String toString() {
        return guarantee + " violated by watcher " + watcherId + " session " + session + ": " + detail;
    }
}
