package io.cairn.controlplane;

import static io.cairn.controlplane.SchedulingHarness.tenantKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.api.controlplane.AddOperator;
import io.cairn.api.controlplane.ControlPlaneCommand;
import io.cairn.api.controlplane.RegisterNodeCommand;
import io.cairn.api.controlplane.RemoveNodeCommand;
import io.cairn.api.controlplane.SetNodeState;
import io.cairn.api.meta.NodeDescriptor;
import io.cairn.api.meta.NodeState;
import io.cairn.api.meta.Operator;
import io.cairn.api.meta.OperatorKind;
import io.cairn.api.placement.NodeHeartbeat;
import io.cairn.api.placement.NodeInfo;
import io.cairn.api.placement.RegisterNodeRequest;
import io.cairn.controlplane.client.PlacementClient;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** RemoveNode: refused while the node holds anything, a tombstone afterwards, replicated like any command. */
@Timeout(120)
class NodeRemovalTest {
    private final MetaState state = new MetaState(table -> { });

    @TempDir
    Path dir;

    @Test
    void aNodeHoldingReplicasIsNotRemovedAndTheShardsAreNamed() {
        registerNodes(3, 2);
        var before = state.snapshot();
        assertThatThrownBy(() -> remove(1))
                .isInstanceOfSatisfying(ControlPlaneException.class, e -> {
                    assertThat(e.code()).isEqualTo(ControlPlaneException.Code.FAILED_PRECONDITION);
                    assertThat(e.getMessage()).contains("node 1 still holds replicas of shards 1, 2");
                });
        assertThatThrownBy(() -> remove(9)).isInstanceOfSatisfying(ControlPlaneException.class,
                e -> assertThat(e.code()).isEqualTo(ControlPlaneException.Code.NOT_FOUND));
        assertThat(state.snapshot()).isEqualTo(before);
    }

    @Test
    void anEmptyNodeBecomesATombstoneThatCannotComeBack() {
        registerNodes(3, 2);
        assertThat(state.shardsOf(3)).isEmpty();
        long version = state.routeTable().getVersion();

        NodeDescriptor removed = (NodeDescriptor) remove(3);

        assertThat(removed.getState()).isEqualTo(NodeState.NODE_REMOVED);
        assertThat(state.node(3).orElseThrow().getState()).isEqualTo(NodeState.NODE_REMOVED);
        assertThat(state.routeTable().getVersion()).isEqualTo(version + 1);
        assertThat(remove(3)).isEqualTo(removed);
        assertThatThrownBy(() -> register(3, "n3")).isInstanceOfSatisfying(ControlPlaneException.class, e -> {
            assertThat(e.code()).isEqualTo(ControlPlaneException.Code.FAILED_PRECONDITION);
            assertThat(e.getMessage()).contains("node 3 was removed");
        });
        // a fresh node at the same address is a new node
        assertThat(register(0, "n3")).isEqualTo(4L);
        MetaState copy = new MetaState(table -> { });
        copy.restore(state.snapshot());
        assertThat(copy.node(3).orElseThrow().getState()).isEqualTo(NodeState.NODE_REMOVED);
    }

    @Test
    void aRunningOperatorThatWillTouchTheNodeBlocksRemoval() {
        registerNodes(3, 2);
        state.apply(ControlPlaneCommand.newBuilder().setAddOperator(AddOperator.newBuilder()
                .setOperator(Operators.of(1, OperatorKind.ADD_REPLICA, List.of(new OperatorStep.AddLearner(3))))
                .setNowMs(1)).build());
        assertThatThrownBy(() -> remove(3)).isInstanceOfSatisfying(ControlPlaneException.class,
                e -> assertThat(e.getMessage()).contains("running operator 1"));
    }

    @Test
    void aDrainingNodeThatRestartsKeepsDraining() {
        registerNodes(3, 2);
        state.apply(ControlPlaneCommand.newBuilder().setSetNodeState(SetNodeState.newBuilder()
                .setNodeId(2).setState(NodeState.NODE_DRAINING)).build());
        register(2, "n2");
        assertThat(state.node(2).orElseThrow().getState()).isEqualTo(NodeState.NODE_DRAINING);
    }

    @Test
    void drainThenRemoveThroughTheClientAndTheRemovedNodeIsTurnedAway() throws Exception {
        SchedulingConfig scheduling = SchedulingConfig.defaults().withIntervalMs(200);
        try (ControlPlaneCluster cluster = new ControlPlaneCluster(dir, 1, 3,
                List.of(tenantKey(1, "").toByteArray(), tenantKey(4, "").toByteArray()), 0, scheduling)) {
            PlacementClient client = cluster.client();
            FakeStoreNodes nodes = new FakeStoreNodes(client::heartbeat);
            for (int i = 1; i <= 3; i++) {
                nodes.start(registerThrough(client, i));
            }
            // leaders known before a fourth node makes the balancer move replicas
            awaitWhileHeartbeating(nodes, client, () -> client.getRoutes(0).getShardsList().stream()
                    .allMatch(r -> r.getLeaderNodeId() != 0));
            nodes.start(registerThrough(client, 4));
            awaitWhileHeartbeating(nodes, client, () -> client.listNodes().getNodesList().stream()
                    .allMatch(n -> n.getReplicas() > 0) && client.listOperators().getRunningCount() == 0);

            assertThatThrownBy(() -> client.removeNode(1)).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
                assertThat(e.getStatus().getDescription()).contains("node 1 still holds replicas of shard");
            });

            assertThat(client.drainNode(1).getState()).isEqualTo(NodeState.NODE_DRAINING);
            awaitWhileHeartbeating(nodes, client, () -> client.listNodes().getNodesList().stream()
                    .filter(n -> n.getNode().getId() == 1).allMatch(n -> n.getReplicas() == 0));
            awaitWhileHeartbeating(nodes, client, () -> client.listOperators().getRunningCount() == 0);

            assertThat(client.removeNode(1).getState()).isEqualTo(NodeState.NODE_REMOVED);
            assertThat(client.getRoutes(0).getNodesList()).filteredOn(n -> n.getId() == 1)
                    .extracting(NodeDescriptor::getState).containsExactly(NodeState.NODE_REMOVED);
            assertThatThrownBy(() -> client.heartbeat(NodeHeartbeat.newBuilder().setNodeId(1).build()))
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
                        assertThat(e.getStatus().getDescription()).contains("node 1 was removed");
                    });
            nodes.kill(1);
            // the removal is in the replicated state: it survives a restart of the control plane
            cluster.restart(0);
            assertThat(client.listNodes().getNodesList()).filteredOn(n -> n.getNode().getId() == 1)
                    .extracting(NodeInfo::getNode).extracting(NodeDescriptor::getState)
                    .containsExactly(NodeState.NODE_REMOVED);
            assertThat(client.listShards().getShardsList()).allSatisfy(s -> assertThat(
                    s.getRoute().getShard().getReplicasList()).noneMatch(r -> r.getNodeId() == 1));
        }
    }

    private void registerNodes(int count, int shardReplicas) {
        for (int i = 1; i <= count; i++) {
            state.apply(ControlPlaneCommand.newBuilder().setRegisterNode(RegisterNodeCommand.newBuilder()
                    .setRaftAddress("n" + i).setRpcAddress("r" + i).setShardReplicas(shardReplicas)
                    .addInitialSplitKeys(tenantKey(2, ""))).build());
        }
    }

    private Object register(long id, String raftAddress) {
        return state.apply(ControlPlaneCommand.newBuilder().setRegisterNode(RegisterNodeCommand.newBuilder()
                .setNodeId(id).setRaftAddress(raftAddress).setRpcAddress("r")).build());
    }

    private Object remove(long id) {
        return state.apply(ControlPlaneCommand.newBuilder()
                .setRemoveNode(RemoveNodeCommand.newBuilder().setNodeId(id).setNowMs(5)).build());
    }

    private static long registerThrough(PlacementClient client, int n) {
        return client.registerNode(RegisterNodeRequest.newBuilder().setRaftAddress("127.0.0.1:" + (7200 + n))
                .setRpcAddress("127.0.0.1:" + (8200 + n)).build()).getNodeId();
    }

    private static void awaitWhileHeartbeating(FakeStoreNodes nodes, PlacementClient client,
            Callable<Boolean> condition) {
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            nodes.adopt(client.getRoutes(0).getShardsList());
            nodes.heartbeatAll();
            return condition.call();
        });
    }
}
