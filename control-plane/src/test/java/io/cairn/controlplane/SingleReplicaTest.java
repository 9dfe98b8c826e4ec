package io.cairn.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.api.meta.NodeState;
import io.cairn.api.meta.Tenant;
import io.cairn.api.placement.AllocateRevisionsResponse;
import io.cairn.api.placement.ControlPlaneStatusResponse;
import io.cairn.api.placement.CreateApiKeyResponse;
import io.cairn.api.placement.RegisterNodeRequest;
import io.cairn.api.placement.RegisterNodeResponse;
import io.cairn.controlplane.client.PlacementClient;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class SingleReplicaTest {
    @TempDir
    Path dir;

    @Test
    void restartKeepsTenantsKeysShardsAndTheRevisionMark() {
        try (ControlPlaneCluster cluster = ControlPlaneCluster.single(dir)) {
            PlacementClient client = cluster.client();
            RegisterNodeResponse node = client.registerNode(RegisterNodeRequest.newBuilder()
                    .setRaftAddress("127.0.0.1:7001").setRpcAddress("127.0.0.1:7002").build());
            assertThat(node.getNodeId()).isEqualTo(1);
            assertThat(node.getClusterId()).isNotZero();
            assertThat(node.getShardsList()).hasSize(1);
            Tenant acme = client.createTenant("acme", "free");
            CreateApiKeyResponse key = client.createApiKey("acme", List.of("read", "write"), 0);
            AllocateRevisionsResponse before = client.allocateRevisions(10).join();
            assertThat(before.getFirst()).isPositive();
            long lastBefore = before.getFirst() + before.getCount() - 1;
            ControlPlaneStatusResponse statusBefore = client.status();

            cluster.restart(0);
            cluster.leader();

            assertThat(client.listTenants()).containsExactly(acme);
            assertThat(client.lookupApiKey(key.getRecord().getKeyId()).getRecord()).isEqualTo(key.getRecord());
            RegisterNodeResponse again = client.registerNode(RegisterNodeRequest.newBuilder().setNodeId(1)
                    .setRaftAddress("127.0.0.1:7001").setRpcAddress("127.0.0.1:7002").build());
            assertThat(again.getShardsList()).isEqualTo(node.getShardsList());
            assertThat(again.getClusterId()).isEqualTo(node.getClusterId());
            assertThat(again.getNodesList()).singleElement()
                    .satisfies(n -> assertThat(n.getState()).isEqualTo(NodeState.NODE_UP));
            AllocateRevisionsResponse after = client.allocateRevisions(1).join();
            assertThat(after.getFirst()).isGreaterThan(lastBefore);
            ControlPlaneStatusResponse statusAfter = client.status();
            assertThat(statusAfter.getClusterId()).isEqualTo(statusBefore.getClusterId());
            assertThat(statusAfter.getRevisionHighWater()).isGreaterThan(statusBefore.getRevisionHighWater());
            assertThat(statusAfter.getMembersList()).singleElement().satisfies(m -> {
                assertThat(m.getLeader()).isTrue();
                assertThat(m.getRpcAddress()).isEqualTo(cluster.rpcAddresses().get(0));
            });
        }
    }

    @Test
    void restartLoadsTheSnapshotAndReplaysTheLogAfterIt() {
        try (ControlPlaneCluster cluster = ControlPlaneCluster.single(dir)) {
            PlacementClient client = cluster.client();
            Tenant before = client.createTenant("before-snapshot", "");
            long revisionBefore = client.allocateRevisions(3).join().getFirst() + 2;
            ((RaftControlPlane) cluster.leader()).snapshot().join();
            Tenant after = client.createTenant("after-snapshot", "");
            CreateApiKeyResponse key = client.createApiKey("after-snapshot", List.of(), 0);

            cluster.restart(0);

            assertThat(client.listTenants()).containsExactly(before, after);
            assertThat(client.lookupApiKey(key.getRecord().getKeyId()).getTenant()).isEqualTo(after);
            assertThat(client.createTenant("next", "").getId()).isEqualTo(3);
            assertThat(client.allocateRevisions(1).join().getFirst()).isGreaterThan(revisionBefore);
        }
    }
}
