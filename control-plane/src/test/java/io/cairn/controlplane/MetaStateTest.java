package io.cairn.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.cairn.api.controlplane.AdvanceTso;
import io.cairn.api.controlplane.ControlPlaneCommand;
import io.cairn.api.controlplane.CreateApiKeyCommand;
import io.cairn.api.controlplane.CreateTenantCommand;
import io.cairn.api.controlplane.InitCluster;
import io.cairn.api.controlplane.RegisterNodeCommand;
import io.cairn.api.controlplane.ReportShardLeaders;
import io.cairn.api.controlplane.ShardLeaderReport;
import io.cairn.api.meta.ApiKeyRecord;
import io.cairn.api.meta.RouteTable;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetaStateTest {
    private final List<RouteTable> published = new ArrayList<>();
    private final MetaState state = new MetaState(published::add);

    @Test
    void aSnapshotRestoresEverythingIncludingTheCounters() {
        apply(ControlPlaneCommand.newBuilder().setInitCluster(InitCluster.newBuilder().setClusterId(42)));
        apply(ControlPlaneCommand.newBuilder().setAdvanceTso(AdvanceTso.newBuilder().setStep(1000)));
        for (int i = 1; i <= 2; i++) {
            apply(ControlPlaneCommand.newBuilder().setRegisterNode(RegisterNodeCommand.newBuilder()
                    .setRaftAddress("n" + i).setRpcAddress("r" + i).setShardReplicas(2)
                    .addInitialSplitKeys(ByteString.copyFromUtf8("k"))));
        }
        apply(ControlPlaneCommand.newBuilder().setReportShardLeaders(ReportShardLeaders.newBuilder()
                .addReports(ShardLeaderReport.newBuilder().setShardId(1).setLeaderNodeId(2).setTerm(3))));
        apply(ControlPlaneCommand.newBuilder().setCreateTenant(CreateTenantCommand.newBuilder().setName("t")));
        apply(ControlPlaneCommand.newBuilder().setCreateApiKey(CreateApiKeyCommand.newBuilder().setTenantName("t")
                .setRecord(ApiKeyRecord.newBuilder().setKeyId("abc"))));

        MetaState copy = new MetaState(table -> { });
        copy.restore(state.snapshot());

        assertThat(copy.snapshot()).isEqualTo(state.snapshot());
        assertThat(copy.routeTable()).isEqualTo(state.routeTable());
        assertThat(copy.routeTable().getShardsCount()).isEqualTo(2);
        assertThat(copy.apply(ControlPlaneCommand.newBuilder().setAdvanceTso(AdvanceTso.newBuilder().setStep(10))
                .build())).isEqualTo(new TsoWindow(1001, 1010));
        Object tenant = copy.apply(ControlPlaneCommand.newBuilder()
                .setCreateTenant(CreateTenantCommand.newBuilder().setName("u")).build());
        assertThat(tenant).extracting("id").isEqualTo(2L);
        Object node = copy.apply(ControlPlaneCommand.newBuilder().setRegisterNode(RegisterNodeCommand.newBuilder()
                .setRaftAddress("n3").setRpcAddress("r3")).build());
        assertThat(node).isEqualTo(3L);
    }

    @Test
    void failedCommandsChangeNothing() {
        apply(ControlPlaneCommand.newBuilder().setCreateTenant(CreateTenantCommand.newBuilder().setName("t")));
        var before = state.snapshot();
        assertThatThrownBy(() -> apply(ControlPlaneCommand.newBuilder()
                .setCreateTenant(CreateTenantCommand.newBuilder().setName("t"))))
                .isInstanceOf(ControlPlaneException.class);
        assertThatThrownBy(() -> apply(ControlPlaneCommand.newBuilder().setCreateApiKey(CreateApiKeyCommand
                .newBuilder().setTenantName("nobody").setRecord(ApiKeyRecord.newBuilder().setKeyId("x")))))
                .isInstanceOf(ControlPlaneException.class);
        assertThat(state.snapshot()).isEqualTo(before);
    }

    @Test
    void routeVersionsArePublishedInOrder() {
        apply(ControlPlaneCommand.newBuilder().setRegisterNode(RegisterNodeCommand.newBuilder()
                .setRaftAddress("n1").setRpcAddress("r1").setShardReplicas(1)));
        apply(ControlPlaneCommand.newBuilder().setRegisterNode(RegisterNodeCommand.newBuilder()
                .setRaftAddress("n1").setRpcAddress("r1").setShardReplicas(1)));
        apply(ControlPlaneCommand.newBuilder().setRegisterNode(RegisterNodeCommand.newBuilder()
                .setRaftAddress("n1").setRpcAddress("r1-moved").setShardReplicas(1)));
        assertThat(published).extracting(RouteTable::getVersion).containsExactly(1L, 2L);
        assertThat(state.routeTable().getNodes(0).getRpcAddress()).isEqualTo("r1-moved");
    }

    private Object apply(ControlPlaneCommand.Builder command) {
        return state.apply(command.build());
    }
}
