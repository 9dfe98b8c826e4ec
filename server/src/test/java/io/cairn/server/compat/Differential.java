package io.cairn.server.compat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Runs scenarios step by step on a reference server (etcd) and a candidate (Cairn), both at
 * once, and lists every step whose normalized outcomes differ (or differ from the documented
 * expectation).
 */
public final class Differential {
    private static final int SHOWN_STDIN = 80;

    private final ServerSide reference;
    private final ServerSide candidate;
    private final List<Compared> compared = new ArrayList<>();

    private record Compared(String scenario, String command, Documented documented, Outcome reference, Outcome candidate) {
    }

    /** A step whose outcomes differ: what etcd did, what Cairn did, and what Cairn should have done. */
    public record Divergence(String scenario, String command, Outcome etcd, Outcome cairn, String expected, String citation) {
        @Override
        public String toString() {
            return "[" + scenario + "] etcdctl " + command + "\n etcd:  " + etcd + "\n cairn: " + cairn
                    + (citation == null ? "" : "\n expected (documented: " + citation + "): " + expected);
        }
    }

    private final java.util.Map<String, String> started = new java.util.HashMap<>();

    public Differential(ServerSide reference, ServerSide candidate) {
        this.reference = reference;
        this.candidate = candidate;
    }

    /** Runs every scenario; each step on both servers concurrently, steps in order. */
    public void run(List<Scenario> scenarios) {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (Scenario scenario : scenarios) {
                for (Step step : scenario.steps()) {
                    if (step instanceof Step.Start start) {
                        started.put(start.id(), describeArgs(start.args(), null));
                    }
                    CompletableFuture<Outcome> onReference = attempt(reference, step, pool);
                    CompletableFuture<Outcome> onCandidate = attempt(candidate, step, pool);
                    Outcome r = onReference.join();
                    Outcome c = onCandidate.join();
                    if (r != null || c != null) {
                        compared.add(new Compared(scenario.name(), describe(step), documented(step),
                                r == null ? Outcome.NOTHING : r, c == null ? Outcome.NOTHING : c));
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** The step's outcome on {@code side}; a step the harness could not do (e.g. a mark on a missing key) is an outcome too. */
    private static CompletableFuture<Outcome> attempt(ServerSide side, Step step, ExecutorService pool) {
        return CompletableFuture.supplyAsync(() -> side.execute(step), pool)
                .exceptionally(t -> new Outcome(Outcome.HARNESS_FAILED, "",
                        String.valueOf(t.getCause() == null ? t : t.getCause())));
    }

    /**
     * Every difference, after both servers' revision logs caught up and outcomes were normalized;
     * every compared step (normalized) goes to {@code transcript} for a reader.
     */
    public List<Divergence> divergences(java.nio.file.Path transcript) throws java.io.IOException {
        reference.sync();
        candidate.sync();
        Normalizer refNorm = reference.normalizer();
        Normalizer candNorm = candidate.normalizer();
        List<Divergence> found = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (Compared c : compared) {
            Outcome r = refNorm.apply(c.reference());
            Outcome actual = candNorm.apply(c.candidate());
            boolean same = c.documented() == null ? r.equals(actual) : c.documented().accepts(r, actual);
            Divergence step = new Divergence(c.scenario(), c.command(), r, actual,
                    c.documented() == null ? null : c.documented().expected(r),
                    c.documented() == null ? null : c.documented().citation());
            if (!same) {
                found.add(step);
            }
            text.append(same ? (c.documented() == null ? "SAME " : "AS DOCUMENTED ") : "DIFFERENT ")
                    .append(step).append("\n\n");
        }
        java.nio.file.Files.createDirectories(transcript.toAbsolutePath().getParent());
        java.nio.file.Files.writeString(transcript, text);
        return found;
    }

    public int comparedSteps() {
        return compared.size();
    }

    private static Documented documented(Step step) {
        return switch (step) {
            case Step.Run run -> run.documented();
            case Step.Stop stop -> stop.documented();
            default -> null;
        };
    }

    private String describe(Step step) {
        return switch (step) {
            case Step.Run run -> describeArgs(run.args(), run.stdin());
            case Step.Stop stop -> started.get(stop.id()) + " (in the background, until stopped)";
            default -> step.toString();
        };
    }

    private static String describeArgs(List<String> args, String stdin) {
        return String.join(" ", args.stream().map(Differential::quote).toList())
                + (stdin == null ? "" : " <<< " + shown(stdin));
    }

    private static String quote(String arg) {
        return arg.isEmpty() || arg.contains(" ") ? "'" + arg + "'" : arg;
    }

    private static String shown(String stdin) {
        String escaped = stdin.replace("\n", "\\n");
        return escaped.length() <= SHOWN_STDIN ? escaped
                : escaped.substring(0, SHOWN_STDIN) + "... (" + stdin.length() + " chars)";
    }
}
