package io.cairn.gateway;

import io.cairn.api.etcdserverpb.AlarmRequest;
import io.cairn.api.etcdserverpb.AlarmResponse;
import io.cairn.api.etcdserverpb.AuthenticateRequest;
import io.cairn.api.etcdserverpb.AuthenticateResponse;
import io.cairn.api.etcdserverpb.Member;
import io.cairn.api.etcdserverpb.MemberListResponse;
import io.cairn.api.etcdserverpb.StatusResponse;
import io.cairn.api.meta.NodeDescriptor;
import io.cairn.api.placement.ControlPlaneMember;
import io.cairn.api.placement.ControlPlaneStatusResponse;
import io.cairn.api.shard.NodeStatusRequest;
import io.cairn.api.shard.ShardKvGrpc;
import io.cairn.controlplane.client.PlacementClient;
import io.grpc.StatusRuntimeException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * etcd's cluster-level calls as a tenant sees them (see gateway/README.md, "endpoint
 * status"): the gateway is the member; raft term and index are the control plane's Raft
 * group, whose leader is reported as the leader; the db size is the sum over store nodes.
 * The status header revision is a fresh TSO revision, above every write so far and handed out,
 * so etcd's compaction recipe ({@code compaction $(endpoint status ... revision)}) works; the
 * TSO's high-water mark would be a future revision.
 */
final class ClusterCore {
    static final String ETCD_VERSION = "3.5.0";

    private final PlacementClient placement;
    private final RouteCache routes;
    private final NodeChannels channels;
    private final ShardRouter router;
    private final ResponseHeaders headers;
    private final Supplier<GatewayIdentity> identity;
    private final Authenticator authenticator;

    ClusterCore(PlacementClient placement, RouteCache routes, NodeChannels channels, ShardRouter router,
            ResponseHeaders headers, Supplier<GatewayIdentity> identity, Authenticator authenticator) {
        this.placement = placement;
        this.routes = routes;
        this.channels = channels;
        this.router = router;
        this.headers = headers;
        this.identity = identity;
        this.authenticator = authenticator;
    }

    StatusResponse status() {
        ControlPlaneStatusResponse cp = placement.status();
        long leader = cp.getMembersList().stream().filter(ControlPlaneMember::getLeader)
                .mapToLong(ControlPlaneMember::getId).findFirst().orElse(0);
        List<String> errors = new ArrayList<>();
        long dbSize = dbSize(errors);
        return StatusResponse.newBuilder()
                .setHeader(headers.of(placement.allocateRevisions(1).join().getFirst(), cp.getTerm()))
                .setVersion(ETCD_VERSION)
                .setDbSize(dbSize)
                .setDbSizeInUse(dbSize)
                .setLeader(leader)
                .setRaftTerm(cp.getTerm())
                .setRaftIndex(cp.getAppliedIndex())
                .setRaftAppliedIndex(cp.getAppliedIndex())
                .addAllErrors(errors)
                .build();
    }

    MemberListResponse memberList() {
        GatewayIdentity identity = this.identity.get();
        Member self = Member.newBuilder()
                .setID(identity.memberId())
                .setName(identity.name())
                .addClientURLs(identity.clientUrl())
                .build();
        return MemberListResponse.newBuilder().setHeader(headers.of(0, 0)).addMembers(self).build();
    }

    AlarmResponse alarm(AlarmRequest request) {
        return switch (request.getAction()) {
            case GET -> AlarmResponse.newBuilder().setHeader(headers.of(0, 0)).build();
            case ACTIVATE, DEACTIVATE -> throw new GatewayException(new GatewayError.PermissionDenied());
            case UNRECOGNIZED -> throw new GatewayException(new GatewayError.InvalidArgument(
                    "cairn: unknown alarm action " + request.getActionValue()));
        };
    }

    AuthenticateResponse authenticate(AuthenticateRequest request) {
        String token = authenticator.issueToken(request.getName(), request.getPassword());
        return AuthenticateResponse.newBuilder().setHeader(headers.of(0, 0)).setToken(token).build();
    }

    private long dbSize(List<String> errors) {
        List<Callable<Long>> calls = new ArrayList<>();
        for (NodeDescriptor node : routes.current().table().getNodesList()) {
            calls.add(() -> {
                try {
                    return ShardKvGrpc.newBlockingStub(channels.forAddress(node.getRpcAddress()))
                            .withDeadlineAfter(2, TimeUnit.SECONDS)
                            .nodeStatus(NodeStatusRequest.getDefaultInstance())
                            .getDbSizeBytes();
                } catch (StatusRuntimeException e) {
                    synchronized (errors) {
                        errors.add("cairn: store node " + node.getId() + " did not answer: " + e.getMessage());
                    }
                    return 0L;
                }
            });
        }
        return router.all(calls).stream().mapToLong(Long::longValue).sum();
    }
}
