package io.cairn.testkit.robustness;

import io.cairn.testkit.history.History;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The report of a run that did not pass: the plan (to replay it), the recorded and the resolved
 * history (JSON, {@link History#load}), the checkers' output, the fault timeline, and the target's
 * artifacts (process output, logs, data dirs).
 */
final class RunReport {
    private RunReport() {
    }

    static void write(Path dir, RunPlan plan, History history, RunCheck check, RunResult.Outcome outcome,
                      List<String> timeline, Target target) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("plan.txt"), plan + "\n");
            history.save(dir.resolve("history.json"));
            if (check != null && check.resolvedHistory() != null) {
                check.resolvedHistory().save(dir.resolve("history-resolved.json"));
            }
            StringBuilder out = new StringBuilder();
            out.append(outcome.word()).append('\n');
            switch (outcome) {
                case RunResult.Outcome.Violation v -> out.append(v.report()).append('\n');
                case RunResult.Outcome.Undecided u -> out.append(u.reason()).append('\n');
                case RunResult.Outcome.Ok ok -> out.append(ok.detail()).append('\n');
            }
            if (check != null) {
                out.append("\nlinearizability: ").append(check.verdict()).append('\n');
                out.append("watch: ").append(check.watchNote()).append('\n');
                check.watchViolations().forEach(v -> out.append("  ").append(v).append('\n'));
            }
            Files.writeString(dir.resolve("checker.txt"), out.toString());
            Files.writeString(dir.resolve("timeline.txt"), String.join("\n", timeline) + "\n");
            if (target != null) {
                target.collectArtifacts(dir.resolve("target"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report in " + dir, e);
        }
    }
}
