package io.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cairn.testkit.CairnDevProcess;
import io.cairn.testkit.Etcdctl;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A lease survives {@code kill -9} of {@code cairn dev} with its remaining TTL: a lease left
 * without keepalive for half its TTL is checkpointed, and the restarted leader counts down
 * from the checkpoint instead of granting the full TTL again.
 */
class LeaseRestartIT {
    private static final Pattern REMAINING = Pattern.compile("remaining\\((\\d+)s\\)");

    @TempDir
    Path tmp;

    @Test
    void remainingTtlSurvivesKillDashNine() {
        try (CairnDevProcess dev = CairnDevProcess.start(tmp.resolve("data"))) {
            Etcdctl etcdctl = new Etcdctl(dev.endpoint());
            String lease = LeaseEndToEndIT.grant(etcdctl, 60);
            assertThat(etcdctl.run("put", "--lease=" + lease, "svc", "v").ok()).isTrue();
            // Silent for half the TTL (30 s): checkpointed at about 30 s left.
            await("checkpointed").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> remaining(etcdctl, lease) <= 27);

            dev.kill9();
            dev.restart();

            long remaining = remaining(etcdctl, lease);
            assertThat(remaining).as("counted down from the checkpoint, not reset to 60").isBetween(1L, 30L);
            assertThat(etcdctl.run("get", "svc", "--print-value-only").stdout()).isEqualTo("v\n");
            await("expires after the restart").atMost(Duration.ofSeconds(45))
                    .until(() -> etcdctl.run("get", "svc", "--print-value-only").stdout().isEmpty());
            assertThat(etcdctl.run("lease", "timetolive", lease).stdout()).contains("already expired");
        }
    }

    private static long remaining(Etcdctl etcdctl, String lease) {
        Matcher m = REMAINING.matcher(etcdctl.run("lease", "timetolive", lease).stdout());
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }
}
