package io.cairn.testkit.robustness;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The robustness runner (issue 5): R randomized runs against fresh targets, one fault each, every
 * call recorded and checked; prints the seed, a line per run and the summary
 * {@code robustness: R runs, V violations, U unknown} (U: runs whose check ran out of budget).
 */
public final class Robustness {
    private Robustness() {
    }

    /** Everything a session found. */
    public record Summary(long seed, List<RunResult> runs) {
        public Summary {
            runs = List.copyOf(runs);
        }

        public long violations() {
            return runs.stream().filter(RunResult::violation).count();
        }

        public long undecided() {
            return runs.stream().filter(RunResult::undecided).count();
        }

        public String line() {
            return String.format(Locale.ROOT, "robustness: %d runs, %d violations, %d unknown", runs.size(),
                    violations(), undecided());
        }
    }

    public static Summary run(RobustnessOptions options, PrintStream out) throws InterruptedException {
        out.printf(Locale.ROOT, "robustness: seed %d, %d runs of %d s, fault %s, reports in %s%n", options.seed(),
                options.runs(), options.duration().toSeconds(),
                options.faults().isEmpty() ? "from the seed"
                        : String.join(",", options.faults().stream().map(FaultKind::cliName).toList()), options.outDir());
        out.flush();
        log(options.outDir(), String.format(Locale.ROOT, "seed %d, %d runs of %d s%n", options.seed(), options.runs(),
                options.duration().toSeconds()));
        List<RunResult> results = new ArrayList<>();
        long end = options.timeLimit() == null ? Long.MAX_VALUE : System.nanoTime() + options.timeLimit().toNanos();
        for (int i = 0; i < options.runs(); i++) {
            if (System.nanoTime() > end) {
                out.printf(Locale.ROOT, "robustness: time limit reached after %d runs%n", i);
                break;
            }
            RunPlan plan = RunPlan.of(options.seed(), i, options.duration(), options.faultOf(i),
                    options.target().faultKinds());
            Path work = options.outDir().resolve("work").resolve("run-" + i);
            Run run = new Run(plan, options.target(), work, options.outDir().resolve("run-" + i), options.checkBudget());
            RunResult result = run.execute();
            Run.delete(work);
            results.add(result);
            out.println(result.line());
            out.flush();
            log(options.outDir(), result.line() + "\n" + String.join("\n", result.timeline().stream()
                    .map(t -> "    " + t).toList()) + "\n");
        }
        Run.delete(options.outDir().resolve("work"));
        Summary summary = new Summary(options.seed(), results);
        out.println(summary.line());
        out.flush();
        log(options.outDir(), summary.line() + "\n");
        return summary;
    }

    /** Appends to {@code <out>/runs.log}: every run's line and fault timeline, passing or not. */
    private static void log(Path outDir, String text) {
        try {
            java.nio.file.Files.createDirectories(outDir);
            java.nio.file.Files.writeString(outDir.resolve("runs.log"), text, java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot write " + outDir.resolve("runs.log"), e);
        }
    }
}
