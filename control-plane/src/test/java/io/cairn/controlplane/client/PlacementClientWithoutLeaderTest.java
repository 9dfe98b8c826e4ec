package io.cairn.controlplane.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.testkit.FreePorts;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class PlacementClientWithoutLeaderTest {
    private final List<String> nobody = List.of("127.0.0.1:" + FreePorts.next(), "127.0.0.1:" + FreePorts.next());

    @Test
    void callsFailWithControlPlaneUnavailableAfterTheirDeadline() {
        try (PlacementClient client = PlacementClients.connect(nobody, "t", Duration.ofSeconds(1))) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> client.getRoutes(0)).isInstanceOf(ControlPlaneUnavailableException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(900),
                    Duration.ofSeconds(10));
            assertThatThrownBy(() -> client.allocateRevisions(1).get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(ControlPlaneUnavailableException.class);
        }
    }

    @Test
    void closingTheClientEndsCallsThatAreRetrying() throws Exception {
        PlacementClient client = PlacementClients.connect(nobody, "t", Duration.ofSeconds(30));
        CompletableFuture<?> pending = client.allocateRevisions(1);
        AutoCloseable watch = client.watchRoutes(0, table -> { });
        TimeUnit.MILLISECONDS.sleep(300);
        client.close();
        watch.close();
        assertThatThrownBy(() -> pending.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
    }
}
