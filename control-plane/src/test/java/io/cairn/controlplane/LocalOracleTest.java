package io.cairn.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.api.placement.AllocateRevisionsResponse;
import io.cairn.controlplane.client.PlacementClient;
import io.cairn.controlplane.client.PlacementClients;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** PlacementClients.withLocalOracle: the in-process replica's oracle while it leads, gRPC otherwise. */
@Timeout(120)
class LocalOracleTest {
    @TempDir
    Path dir;

    @Test
    void theLeadersOwnOracleAnswersAtOnceAndInterleavesWithRemoteCallsInOrder() {
        try (ControlPlaneCluster cluster = ControlPlaneCluster.single(dir)) {
            ControlPlane leader = cluster.leader();
            PlacementClient remote = cluster.client();
            remote.allocateRevisions(1).join(); // the oracle serves once its first advance has committed
            PlacementClient local = PlacementClients.withLocalOracle(cluster.client(), leader::allocateRevisions);

            long last = 0;
            for (int i = 0; i < 50; i++) {
                var fromLocal = local.allocateRevisions(3);
                assertThat(fromLocal).isDone();
                AllocateRevisionsResponse here = fromLocal.join();
                AllocateRevisionsResponse there = remote.allocateRevisions(2).join();
                assertThat(here.getFirst()).isGreaterThan(last);
                assertThat(there.getFirst()).isGreaterThanOrEqualTo(here.getFirst() + here.getCount());
                last = there.getFirst() + there.getCount() - 1;
            }
        }
    }

    @Test
    void aFollowersClientFallsBackToTheLeaderOverGrpc() {
        try (ControlPlaneCluster cluster = new ControlPlaneCluster(dir, 3, 1, List.of(), 0)) {
            ControlPlane leader = cluster.leader();
            ControlPlane follower = cluster.replica((cluster.indexOf(leader) + 1) % 3);
            assertThat(follower.allocateRevisions(1)).isCompletedExceptionally();
            PlacementClient local = PlacementClients.withLocalOracle(cluster.client(), follower::allocateRevisions);

            AllocateRevisionsResponse first = local.allocateRevisions(5).join();
            AllocateRevisionsResponse second = local.allocateRevisions(5).join();

            assertThat(first.getCount()).isEqualTo(5);
            assertThat(second.getFirst()).isGreaterThanOrEqualTo(first.getFirst() + 5);
        }
    }
}
