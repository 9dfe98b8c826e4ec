package io.cairn.testkit.robustness;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * A robustness session: {@code runs} runs from {@code seed}, each with {@code duration} of traffic,
 * one fault per run ({@code fault} forces the kind, null draws it from the seed), reports under
 * {@code outDir}, and a linearizability check budget per run.
 */
public record RobustnessOptions(int runs, long seed, Duration duration, FaultKind fault, Path outDir,
                                Duration checkBudget, Target.Factory target) {
    public RobustnessOptions {
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(outDir, "outDir");
        Objects.requireNonNull(checkBudget, "checkBudget");
        Objects.requireNonNull(target, "target");
        if (runs < 1) {
            throw new IllegalArgumentException("runs must be at least 1");
        }
        if (duration.toMillis() < 1000) {
            throw new IllegalArgumentException("duration must be at least 1 s");
        }
    }
}
