package io.cairn.testkit.robustness;

import io.cairn.testkit.history.History;
import io.cairn.testkit.history.KvOutput;
import io.cairn.testkit.linearizability.KvLinearizability;
import io.cairn.testkit.linearizability.Verdict;
import io.cairn.testkit.watch.CommittedWrites;
import io.cairn.testkit.watch.Violation;
import io.cairn.testkit.watch.WatchChecker;
import io.cairn.testkit.watch.WatcherLog;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The checks of one run, after the traffic and the read-back: the watcher catches up (if Watch is
 * served), unknown writes are resolved from the persisted state ({@link PersistedWrites}), then the
 * KV history is checked for linearizability within the budget and the watch log for etcd's watch
 * guarantees against the resolved history.
 */
final class RunCheck {
    private static final long WATCH_CATCH_UP_MS = 10_000;

    private final History history;
    private final Watcher watcher;
    private final PersistedWrites.Reader reader;
    private final Duration budget;
    private PersistedWrites.Result resolved;
    private Verdict verdict;
    private List<Violation> watchViolations = List.of();
    private List<WatcherLog> watchLogs = List.of();
    private String watchNote = "not checked";
    private long checkMillis;

    /** {@code watcher} null: no watch to check. */
    RunCheck(History history, Watcher watcher, PersistedWrites.Reader reader, Duration budget) {
        this.history = history;
        this.watcher = watcher;
        this.reader = reader;
        this.budget = budget;
    }

    void run() throws InterruptedException {
        Map<String, Long> watched = Map.of();
        boolean watchServed = watcher != null && !watcher.unimplemented();
        if (watchServed) {
            long last = history.operations().stream().mapToLong(op -> madeRevision(op.output())).max().orElse(0);
            boolean caughtUp = watcher.awaitRevision(last, WATCH_CATCH_UP_MS);
            watchServed = !watcher.unimplemented();
            watchLogs = watcher.recorder().logs();
            watched = WatchChecker.persistedValues(watchLogs);
            watchNote = caughtUp ? "checked" : "checked; did not catch up to revision " + last;
        }
        resolved = PersistedWrites.resolve(history, reader, watched);
        long start = System.nanoTime();
        verdict = KvLinearizability.check(resolved.history(), budget);
        checkMillis = (System.nanoTime() - start) / 1_000_000;
        if (watchServed) {
            watchViolations = WatchChecker.check(watchLogs, CommittedWrites.fromHistory(resolved.history()));
        } else if (watcher != null) {
            watchNote = "not served (UNIMPLEMENTED), skipped";
            watchLogs = List.of();
        }
    }

    RunResult.Outcome outcome() {
        if (verdict instanceof Verdict.Illegal illegal) {
            return new RunResult.Outcome.Violation("not linearizable: " + illegal.report());
        }
        if (!watchViolations.isEmpty()) {
            return new RunResult.Outcome.Violation("watch: " + String.join("\n", watchViolations.stream()
                    .map(Violation::toString).toList()));
        }
        if (verdict instanceof Verdict.Unknown u) {
            return new RunResult.Outcome.Undecided("checker: " + u.reason());
        }
        Verdict.Ok ok = (Verdict.Ok) verdict;
        return new RunResult.Outcome.Ok(String.format(java.util.Locale.ROOT,
                "linearizable, %d partitions in %d ms; unknown writes: %d happened, %d did not, %d open",
                ok.partitions(), checkMillis, resolved.happened(), resolved.notHappened(), resolved.stillUnknown()));
    }

    String watchNote() {
        return watchNote;
    }

    History resolvedHistory() {
        return resolved == null ? null : resolved.history();
    }

    Verdict verdict() {
        return verdict;
    }

    List<Violation> watchViolations() {
        return watchViolations;
    }

    List<WatcherLog> watchLogs() {
        return watchLogs;
    }

    private static long madeRevision(KvOutput output) {
        return output instanceof KvOutput.GetResult g ? g.modRevision() : PersistedWrites.madeRevision(output);
    }
}
