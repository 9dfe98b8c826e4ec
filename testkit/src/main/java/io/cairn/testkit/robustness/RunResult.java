package io.cairn.testkit.robustness;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** What one run did and what the checkers said. {@code reportDir} is set when a report was written. */
public record RunResult(RunPlan plan, int operations, int unknown, Outcome outcome, String watch, List<String> timeline,
                        Path reportDir) {

    public RunResult {
        timeline = List.copyOf(timeline);
    }

    /** The checkers' combined verdict. */
    public sealed interface Outcome {
        String word();

        /** Linearizable, and the watch guarantees held (or watch was not checked). */
        record Ok(String detail) implements Outcome {
            public String word() {
                return "ok";
            }
        }

        /** A guarantee was broken: linearizability, a watch guarantee, or the run could not finish. */
        record Violation(String report) implements Outcome {
            public String word() {
                return "VIOLATION";
            }
        }

        /** The checker's time budget ran out before a verdict. */
        record Undecided(String reason) implements Outcome {
            public String word() {
                return "unknown";
            }
        }
    }

    public boolean violation() {
        return outcome instanceof Outcome.Violation;
    }

    public boolean undecided() {
        return outcome instanceof Outcome.Undecided;
    }

    /** The run's line in the output: run id, fault, ops, unknown, verdict. */
    public String line() {
        return String.format(Locale.ROOT, "run %d seed=%d fault=%s ops=%d (%d/s of %d/s planned) unknown=%d verdict=%s (%s; watch: %s)%s",
                plan.index(), plan.seed(), plan.fault().name(), operations,
                operations / Math.max(1, plan.duration().toSeconds()), plan.qps(), unknown, outcome.word(), detail(), watch,
                reportDir == null ? "" : " report=" + reportDir);
    }

    private String detail() {
        return switch (outcome) {
            case Outcome.Ok ok -> ok.detail();
            case Outcome.Violation v -> v.report().lines().findFirst().orElse("");
            case Outcome.Undecided u -> u.reason();
        };
    }
}
