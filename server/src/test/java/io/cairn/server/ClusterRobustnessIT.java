package io.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.testkit.robustness.FaultKind;
import io.cairn.testkit.robustness.Robustness;
import io.cairn.testkit.robustness.RobustnessOptions;
import io.cairn.testkit.robustness.RunResult;
import io.cairn.testkit.robustness.Target;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The robustness runner against fresh multi-process clusters (3 control-plane replicas, 3 store
 * nodes, 1 gateway; traffic through the gateway), one run per cluster fault: kill -9 of a node
 * hosting a shard leader, kill -9 of the control-plane leader, a black hole on the Raft proxies of
 * a shard's replicas, leader transfer, split, a crash point. Each run starts its own cluster
 * (~1 min on 2 loaded cores), so this is a long run: {@code mvn verify -Pfaults}. Reports of a
 * failing run stay in server/target/cluster-robustness-it.
 */
class ClusterRobustnessIT {

    @Test
    void everyClusterFaultKeepsTheHistoryLinearizable() throws Exception {
        Path out = Path.of("target", "cluster-robustness-it", Long.toString(System.currentTimeMillis()))
                .toAbsolutePath();
        List<FaultKind> faults = List.of(FaultKind.KILL, FaultKind.CP_KILL, FaultKind.PEER_BLACKHOLE,
                FaultKind.PARTITION, FaultKind.TRANSFER, FaultKind.SPLIT, FaultKind.FAILPOINT);
        RobustnessOptions options = new RobustnessOptions(faults.size(), 20261124L, Duration.ofSeconds(15), faults,
                out, Duration.ofSeconds(60), null, Target.cluster());

        Robustness.Summary summary = Robustness.run(options, System.out);

        assertThat(summary.runs()).extracting(r -> r.plan().fault().name())
                .containsExactly("kill", "cp-kill", "peer-blackhole", "partition", "transfer", "split", "failpoint");
        assertThat(summary.runs()).allSatisfy(r -> assertThat(r.operations()).isGreaterThan(20));
        assertThat(summary.runs()).filteredOn(RunResult::violation).extracting(RunResult::line).isEmpty();
        assertThat(summary.undecided()).isZero();
    }
}
