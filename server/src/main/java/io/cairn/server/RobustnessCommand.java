package io.cairn.server;

import io.cairn.testkit.robustness.FaultKind;
import io.cairn.testkit.robustness.Robustness;
import io.cairn.testkit.robustness.RobustnessOptions;
import io.cairn.testkit.robustness.Target;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cairn robustness}: randomized runs against fresh {@code cairn dev} processes, one fault
 * per run, every call recorded and checked for linearizability and the watch guarantees
 * (docs/robustness.md). Exits 1 if any run found a violation.
 */
@Command(name = "robustness", mixinStandardHelpOptions = true,
        description = "Run randomized traffic with one injected fault per run and check every history.")
final class RobustnessCommand implements Callable<Integer> {

    @Option(names = "--runs", required = true, description = "Number of runs.")
    int runs;

    @Option(names = "--seed", description = "Seed of the whole session (default: random); replays the same "
            + "traffic plans and fault schedules.")
    Long seed;

    @Option(names = "--duration", defaultValue = "20", paramLabel = "SECONDS",
            description = "Traffic per run, in seconds (default: ${DEFAULT-VALUE}).")
    int durationSeconds;

    @Option(names = "--out", defaultValue = "robustness-out", paramLabel = "DIR",
            description = "Where failing runs leave their reports (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--fault", paramLabel = "NAME", split = ",",
            description = "Force the fault: none, kill, sigstop, blackhole, delay, drop, failpoint; with --target "
                    + "cluster also cp-kill, peer-blackhole, peer-delay, peer-drop, partition, transfer, split; a list "
                    + "(kill,sigstop) is used in turn, run by run (default: drawn per run from the seed).")
    java.util.List<String> faults = new java.util.ArrayList<>();

    @Option(names = "--target", defaultValue = "dev", paramLabel = "dev|cluster",
            description = "What each run starts: dev (one cairn dev process) or cluster (cairn cluster up: 3 "
                    + "control-plane replicas, 3 store nodes, 1 gateway) (default: ${DEFAULT-VALUE}).")
    String target;

    @Option(names = "--check-budget", defaultValue = "60", paramLabel = "SECONDS",
            description = "Time budget of the linearizability check per run (default: ${DEFAULT-VALUE}).")
    int checkBudgetSeconds;

    @Option(names = "--max-minutes", defaultValue = "0", paramLabel = "MINUTES",
            description = "Start no run after this many minutes (default: no limit).")
    int maxMinutes;

    @Override
    public Integer call() throws Exception {
        if (System.getProperty("cairn.home") == null) {
            System.setProperty("cairn.home", cairnHome().toString());
        }
        Path outDir = out.toAbsolutePath().normalize();
        java.nio.file.Files.createDirectories(outDir);
        System.setProperty("cairn.log.dir", outDir.toString());
        long s = seed != null ? seed : new SecureRandom().nextLong();
        RobustnessOptions options = new RobustnessOptions(runs, s, Duration.ofSeconds(durationSeconds),
                faults.stream().map(FaultKind::parse).toList(), outDir,
                Duration.ofSeconds(checkBudgetSeconds),
                maxMinutes > 0 ? Duration.ofMinutes(maxMinutes) : null, switch (target) {
                    case "dev" -> Target.dev();
                    case "cluster" -> Target.cluster();
                    default -> throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                            "--target must be dev or cluster, got '" + target + "'");
                });
        Robustness.Summary summary = Robustness.run(options, System.out);
        return summary.violations() > 0 ? 1 : 0;
    }

    /** The repository root: this class lives in server/target/cairn-server-*.jar (or server/target/classes). */
    private static Path cairnHome() throws URISyntaxException {
        Path code = Path.of(RobustnessCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        return code.getParent().getParent().getParent();
    }
}
