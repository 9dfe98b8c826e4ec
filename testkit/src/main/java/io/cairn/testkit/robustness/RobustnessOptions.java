package io.cairn.testkit.robustness;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * A robustness session: {@code runs} runs from {@code seed}, each with {@code duration} of traffic,
 * one fault per run ({@code faults}: run i gets {@code faults[i % size]}; empty: drawn from the
 * seed), reports under
 * {@code outDir}, and a linearizability check budget per run.
 */
public record RobustnessOptions(int runs, long seed, Duration duration, java.util.List<FaultKind> faults, Path outDir,
                                Duration checkBudget, Duration timeLimit, Target.Factory target) {
    public RobustnessOptions {
        faults = java.util.List.copyOf(faults);
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(outDir, "outDir");
        Objects.requireNonNull(checkBudget, "checkBudget");
        Objects.requireNonNull(target, "target");
        if (runs < 1) {
            throw new IllegalArgumentException("runs must be at least 1");
        }
        for (FaultKind f : faults) {
            if (!target.faultKinds().contains(f)) {
                throw new IllegalArgumentException("fault " + f.cliName() + " needs a cluster target (--target cluster)");
            }
        }
        if (duration.toMillis() < 1000) {
            throw new IllegalArgumentException("duration must be at least 1 s");
        }
    }

    /** The fault kind forced on run {@code index}, or null to draw it from the seed. */
    public FaultKind faultOf(int index) {
        return faults.isEmpty() ? null : faults.get(index % faults.size());
    }
}
