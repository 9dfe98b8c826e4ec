package io.cairn.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.api.etcdserverpb.AlarmRequest;
import io.cairn.api.etcdserverpb.CompactionRequest;
import io.cairn.api.etcdserverpb.MemberListRequest;
import io.cairn.api.etcdserverpb.StatusRequest;
import io.cairn.api.etcdserverpb.StatusResponse;
import io.grpc.CallOptions;
import io.grpc.ClientInterceptors;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Maintenance.Status, Maintenance.Alarm and Cluster.MemberList as etcdctl sees them. */
class ClusterServicesTest {
    private static GatewayFixture fx;

    @BeforeAll
    static void start() {
        fx = new GatewayFixture(false, 3);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        fx.close();
    }

    @Test
    void statusReportsTheControlPlaneGroupAndTheNodesDbSize() {
        StatusResponse status = fx.maintenance(fx.alphaKey).status(StatusRequest.getDefaultInstance());
        assertThat(status.getVersion()).isEqualTo("3.5.0");
        assertThat(status.getDbSize()).isEqualTo(1000 + 2000 + 3000);
        assertThat(status.getLeader()).isEqualTo(FakePlacement.CP_LEADER_ID);
        assertThat(status.getRaftTerm()).isEqualTo(7);
        assertThat(status.getRaftIndex()).isEqualTo(42);
        assertThat(status.getRaftAppliedIndex()).isEqualTo(42);
        assertThat(status.getErrorsList()).isEmpty();
        assertThat(status.getHeader().getClusterId()).isEqualTo(FakePlacement.CLUSTER_ID);
        assertThat(status.getHeader().getMemberId())
                .isEqualTo(GatewayIdentity.of("127.0.0.1", fx.gateway.port()).memberId());
        // a revision handed out, not the TSO's window: etcd's "compact at the status revision" works
        assertThat(status.getHeader().getRevision()).isLessThanOrEqualTo(fx.cluster.placement().currentRevision());
        fx.kv(fx.alphaKey).compact(CompactionRequest.newBuilder().setRevision(status.getHeader().getRevision()).build());
    }

    @Test
    void memberListShowsThisGatewayWithItsEndpoint() {
        var members = fx.cluster(fx.alphaKey).memberList(MemberListRequest.getDefaultInstance());
        assertThat(members.getMembersList()).singleElement().satisfies(m -> {
            assertThat(m.getID()).isEqualTo(members.getHeader().getMemberId()).isNotZero();
            assertThat(m.getClientURLsList()).containsExactly("http://127.0.0.1:" + fx.gateway.port());
            assertThat(m.getName()).isEqualTo("gateway-127.0.0.1:" + fx.gateway.port());
        });
        // etcd always sets raft_term; with no Raft group behind the answer, the highest shard term
        assertThat(members.getHeader().getRaftTerm()).isEqualTo(3);
    }

    @Test
    void alarmGetHasNoAlarms() {
        var alarms = fx.maintenance(fx.alphaKey).alarm(AlarmRequest.newBuilder()
                .setAction(AlarmRequest.AlarmAction.GET).build());
        assertThat(alarms.getAlarmsList()).isEmpty();
    }

    @Test
    void etcdMethodsCairnDoesNotServeAreUnimplementedWithTheReason() {
        for (String method : List.of("etcdserverpb.Maintenance/Defragment", "etcdserverpb.Cluster/MemberRemove",
                "etcdserverpb.Auth/UserList")) {
            MethodDescriptor<byte[], byte[]> descriptor = MethodDescriptor.newBuilder(BYTES, BYTES)
                    .setType(MethodDescriptor.MethodType.UNARY).setFullMethodName(method).build();
            Metadata bearer = new Metadata();
            bearer.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + fx.alphaKey);
            assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(
                    ClientInterceptors.intercept(fx.channel(), MetadataUtils.newAttachHeadersInterceptor(bearer)), descriptor,
                    CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), new byte[0]))
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED);
                        assertThat(e.getStatus().getDescription()).startsWith("cairn: " + method.substring(13).replace('/', '.')
                                + " is not served");
                    });
        }
        // the served methods of those services still answer
        assertThat(fx.maintenance(fx.alphaKey).status(StatusRequest.getDefaultInstance()).getVersion()).isEqualTo("3.5.0");
    }

    private static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
        @Override
        public java.io.InputStream stream(byte[] value) {
            return new java.io.ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(java.io.InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    };

    @Test
    void restStatusAndMemberList() {
        var status = fx.post("/v3/maintenance/status", "{}", "Bearer " + fx.alphaKey);
        assertThat(status.statusCode()).isEqualTo(200);
        assertThat(status.body()).contains("\"version\":\"3.5.0\"", "\"dbSize\":\"6000\"", "\"raftTerm\":\"7\"");
        var members = fx.post("/v3/cluster/member/list", "{}", "Bearer " + fx.alphaKey);
        assertThat(members.statusCode()).isEqualTo(200);
        assertThat(members.body()).contains("\"clientURLs\":[\"http://127.0.0.1:" + fx.gateway.port() + "\"]");
    }
}
