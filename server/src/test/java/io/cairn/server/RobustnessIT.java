package io.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.testkit.robustness.FaultKind;
import io.cairn.testkit.robustness.Robustness;
import io.cairn.testkit.robustness.RobustnessOptions;
import io.cairn.testkit.robustness.RunResult;
import io.cairn.testkit.robustness.Target;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The short robustness run of the default suite (issue 5): four runs against fresh {@code cairn dev}
 * processes, one per fault (none, kill -9 + restart, SIGSTOP, a black hole on the client port), ~10 s
 * of recorded traffic each; every history must be linearizable. Reports of a failing run stay in
 * server/target/robustness-it.
 */
class RobustnessIT {

    @Test
    void fourRunsWithOneFaultEachAreLinearizable() throws Exception {
        Path out = Path.of("target", "robustness-it", Long.toString(System.currentTimeMillis())).toAbsolutePath();
        ByteArrayOutputStream lines = new ByteArrayOutputStream();
        PrintStream both = new PrintStream(new TeeStream(System.out, lines), true, StandardCharsets.UTF_8);
        RobustnessOptions options = new RobustnessOptions(4, 20260101L, Duration.ofSeconds(10),
                List.of(FaultKind.NONE, FaultKind.KILL, FaultKind.SIGSTOP, FaultKind.BLACKHOLE), out,
                Duration.ofSeconds(60), null, Target.dev());

        Robustness.Summary summary = Robustness.run(options, both);

        assertThat(summary.runs()).hasSize(4);
        assertThat(summary.runs()).extracting(r -> r.plan().fault().name())
                .containsExactly("none", "kill", "sigstop", "blackhole");
        assertThat(summary.runs()).allSatisfy(r -> assertThat(r.operations()).isGreaterThan(20));
        assertThat(summary.runs()).filteredOn(RunResult::violation).as(lines.toString(StandardCharsets.UTF_8))
                .isEmpty();
        assertThat(summary.undecided()).isZero();
        assertThat(summary.line()).isEqualTo("robustness: 4 runs, 0 violations, 0 unknown");
    }

    /** Prints to the console and keeps a copy for the assertion message. */
    private static final class TeeStream extends java.io.OutputStream {
        private final java.io.OutputStream a;
        private final java.io.OutputStream b;

        TeeStream(java.io.OutputStream a, java.io.OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int c) throws java.io.IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public void write(byte[] buf, int off, int len) throws java.io.IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }
    }
}
