package io.cairn.server.compat;

import java.util.List;

/**
 * One step of a differential scenario, done the same way on etcd and on Cairn. Arguments and
 * stdin may hold placeholders, resolved per server: {@code {mark}}, {@code {mark+N}},
 * {@code {mark-N}} (a revision remembered by {@link Mark} or {@link MarkNow}) and
 * {@code {lease:i}} (the i-th lease id the server handed out in this run, hex).
 */
public sealed interface Step {

    /** {@code etcdctl args} with {@code stdin} (may be null); its outcome is compared. */
    record Run(List<String> args, String stdin, Documented documented) implements Step {
    }

    /** Remembers {@code key}'s mod_revision as {@code name}. */
    record Mark(String name, String key) implements Step {
    }

    /** Remembers the current header revision as {@code name}. */
    record MarkNow(String name) implements Step {
    }

    /** Starts {@code etcdctl args} in the background and waits until it printed {@code lines} stdout lines. */
    record Start(String id, List<String> args, int lines) implements Step {
    }

    /** Waits until the background command {@code id} printed {@code lines} stdout lines in all (or exited). */
    record Await(String id, int lines) implements Step {
    }

    /** Waits until exactly {@code count} keys exist under {@code prefix} (a lock waiter's key, a lease's expiry). */
    record AwaitKeys(String prefix, int count) implements Step {
    }

    /**
     * Waits until the background command {@code id} is quiet, stops it with SIGTERM (as Ctrl-C
     * would, etcdctl resigns or unlocks) if still running; its whole outcome is compared.
     */
    record Stop(String id, Documented documented) implements Step {
    }
}
