package io.cairn.gateway;

import static io.cairn.gateway.GatewayFixture.internal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.api.shard.NotLeader;
import io.cairn.api.shard.ServerBusy;
import io.cairn.api.shard.ShardError;
import io.cairn.api.shard.ShardRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Stale routes: the gateway follows hints, refreshes and retries; writes only when safe. */
class RetryTest {
    private GatewayFixture fx;

    @BeforeEach
    void start() {
        fx = new GatewayFixture(false, 3);
    }

    @AfterEach
    void stop() throws InterruptedException {
        assertThat(fx.cluster.violations).isEmpty();
        fx.close();
    }

    private long applied(long node) {
        return fx.cluster.node(node).received.stream().filter(ShardRequest::hasPut).count();
    }

    @Test
    void writeFollowsTheNotLeaderHint() {
        fx.cluster.moveLeaderSilently(1, 2);
        fx.put(fx.alphaKey, "k", "v");
        assertThat(fx.get(fx.alphaKey, "k")).isEqualTo("v");
        assertThat(applied(1)).isEqualTo(1); // answered NOT_LEADER
        assertThat(applied(2)).isEqualTo(1); // applied
        assertThat(fx.cluster.store().keys()).containsExactly(internal(fx.alphaId, "k"));
    }

    @Test
    void notLeaderWithoutHintRefreshesTheRoute() {
        fx.cluster.node(1).scripted.add(ShardError.newBuilder()
                .setNotLeader(NotLeader.newBuilder().setShardId(1)).build());
        int fetches = fx.cluster.placement().getRoutesCalls.get();
        fx.put(fx.alphaKey, "k", "v");
        assertThat(fx.cluster.placement().getRoutesCalls.get()).isGreaterThan(fetches);
        assertThat(fx.get(fx.alphaKey, "k")).isEqualTo("v");
    }

    @Test
    void epochMismatchRefreshesTheRouteAndRetries() {
        fx.cluster.bumpEpochQuietly(1);
        int fetches = fx.cluster.placement().getRoutesCalls.get();
        fx.put(fx.alphaKey, "k", "v");
        assertThat(fx.cluster.placement().getRoutesCalls.get()).isGreaterThan(fetches);
        assertThat(fx.get(fx.betaKey, "k")).isNull();
        assertThat(fx.get(fx.alphaKey, "k")).isEqualTo("v");
        assertThat(applied(1)).isEqualTo(2);
    }

    @Test
    void busyNodeIsRetriedAfterBackOff() {
        fx.cluster.node(1).scripted.add(ShardError.newBuilder()
                .setServerBusy(ServerBusy.newBuilder().setReason("queue full").setBackoffMs(20)).build());
        fx.put(fx.alphaKey, "k", "v");
        assertThat(fx.get(fx.alphaKey, "k")).isEqualTo("v");
    }

    @Test
    void givesUpAtTheDeadlineWithEtcdsTimeout() {
        for (int i = 0; i < 10_000; i++) {
            fx.cluster.node(1).scripted.add(ShardError.newBuilder()
                    .setServerBusy(ServerBusy.newBuilder().setReason("stuck")).build());
        }
        assertThatThrownBy(() -> fx.put(fx.alphaKey, "k", "v")).isInstanceOfSatisfying(StatusRuntimeException.class,
                e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
                    assertThat(e.getStatus().getDescription()).isEqualTo("etcdserver: request timed out");
                });
        fx.cluster.node(1).scripted.clear();
        fx.put(fx.alphaKey, "k", "v");
    }

    @Test
    void aNodeThatRefusesConnectionsNeverGotTheWriteSoItIsRetriedUntilTheDeadline() throws InterruptedException {
        fx.cluster.node(1).close();
        int fetches = fx.cluster.placement().getRoutesCalls.get();
        assertThatThrownBy(() -> fx.put(fx.alphaKey, "k", "v")).isInstanceOfSatisfying(StatusRuntimeException.class,
                e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
                    assertThat(e.getStatus().getDescription()).isEqualTo("etcdserver: request timed out");
                });
        assertThat(fx.cluster.placement().getRoutesCalls.get()).as("routes refreshed between attempts")
                .isGreaterThan(fetches + 1);
    }
}
