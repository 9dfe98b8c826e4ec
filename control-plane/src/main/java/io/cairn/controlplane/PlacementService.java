package io.cairn.controlplane;

import com.google.protobuf.ByteString;
import io.cairn.api.controlplane.ControlPlaneCommand;
import io.cairn.api.controlplane.RegisterNodeCommand;
import io.cairn.api.meta.NodeDescriptor;
import io.cairn.api.meta.NodeState;
import io.cairn.api.meta.RouteTable;
import io.cairn.api.placement.AllocateRevisionsResponse;
import io.cairn.api.placement.ControlPlaneMember;
import io.cairn.api.placement.ControlPlaneStatusResponse;
import io.cairn.api.placement.HeartbeatResponse;
import io.cairn.api.placement.NodeHeartbeat;
import io.cairn.api.placement.RegisterNodeRequest;
import io.cairn.api.placement.RegisterNodeResponse;
import com.alipay.sofa.jraft.entity.PeerId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** Node registration, heartbeats, routes, the TSO and status: what the Placement RPCs do. */
final class PlacementService {
    private final ControlPlaneConfig config;
    private final MetaRaft raft;
    private final MetaState state;
    private final MetaStateMachine fsm;
    private final RoutePublisher routes;
    private final TimestampOracle tso;
    private final NodeLiveness liveness;
    private final HeartbeatPipeline heartbeats;

    PlacementService(ControlPlaneConfig config, MetaRaft raft, MetaState state, MetaStateMachine fsm,
            RoutePublisher routes, TimestampOracle tso, NodeLiveness liveness, HeartbeatPipeline heartbeats) {
        this.config = config;
        this.raft = raft;
        this.state = state;
        this.fsm = fsm;
        this.routes = routes;
        this.tso = tso;
        this.liveness = liveness;
        this.heartbeats = heartbeats;
    }

    CompletableFuture<RegisterNodeResponse> registerNode(RegisterNodeRequest request) {
        raft.requireLeader();
        if (request.getRaftAddress().isBlank() || request.getRpcAddress().isBlank()) {
            throw ControlPlaneException.invalidArgument("raft_address and rpc_address are required");
        }
        RegisterNodeCommand.Builder command = RegisterNodeCommand.newBuilder()
                .setNodeId(request.getNodeId())
                .setRaftAddress(request.getRaftAddress())
                .setRpcAddress(request.getRpcAddress())
                .putAllLabels(request.getLabelsMap())
                .setNowMs(System.currentTimeMillis())
                .setShardReplicas(config.shardReplicas());
        config.initialSplitKeys().forEach(k -> command.addInitialSplitKeys(ByteString.copyFrom(k)));
        return raft.proposeWhenReady(ControlPlaneCommand.newBuilder().setRegisterNode(command).build())
                .thenApply(id -> {
                    long nodeId = (Long) id;
                    liveness.heard(nodeId, System.currentTimeMillis());
                    return RegisterNodeResponse.newBuilder()
                            .setNodeId(nodeId)
                            .setClusterId(state.clusterId())
                            .addAllShards(state.shardsOf(nodeId))
                            .addAllNodes(state.nodes())
                            .build();
                });
    }

    CompletableFuture<HeartbeatResponse> heartbeat(NodeHeartbeat heartbeat) {
        raft.requireLeader();
        long nodeId = heartbeat.getNodeId();
        return raft.readBarrier().thenCompose(ignored -> {
            NodeDescriptor node = state.node(nodeId).orElseThrow(
                    () -> ControlPlaneException.notFound("unknown node " + nodeId + ": register first"));
            if (node.getState() == NodeState.NODE_REMOVED) {
                throw ControlPlaneException.failedPrecondition(MetaState.removedMessage(nodeId));
            }
            long now = System.currentTimeMillis();
            liveness.heard(nodeId, now);
            return heartbeats.run(new HeartbeatHandler.Context(heartbeat, node, now, HeartbeatResponse.newBuilder()));
        });
    }

    CompletableFuture<RouteTable> routes() {
        raft.requireLeader();
        return raft.readBarrier().thenApply(ignored -> routes.current());
    }

    /** Subscribes after a read barrier, then hands the current table to the subscriber. */
    CompletableFuture<RoutePublisher.Subscription> watchRoutes(RoutePublisher.Subscriber subscriber) {
        raft.requireLeader();
        return raft.readBarrier().thenApply(ignored -> {
            RoutePublisher.Subscription subscription = routes.subscribe(subscriber);
            subscriber.onRoutes(routes.current());
            if (!raft.isLeader()) {
                subscriber.onLeadershipLost();
            }
            return subscription;
        });
    }

    CompletableFuture<AllocateRevisionsResponse> allocateRevisions(int count) {
        return tso.allocate(count).thenApply(window -> AllocateRevisionsResponse.newBuilder()
                .setFirst(window.first()).setCount(count).build());
    }

    CompletableFuture<ControlPlaneStatusResponse> status() {
        raft.requireLeader();
        return raft.readBarrier().thenApply(ignored -> {
            Optional<PeerId> leader = raft.leaderId();
            ControlPlaneStatusResponse.Builder status = ControlPlaneStatusResponse.newBuilder()
                    .setClusterId(state.clusterId())
                    .setTerm(fsm.term())
                    .setAppliedIndex(raft.appliedIndex())
                    .setRevisionHighWater(state.tsoHighWater());
            List<PeerId> peers = raft.peers().stream()
                    .sorted((a, b) -> a.getEndpoint().toString().compareTo(b.getEndpoint().toString())).toList();
            for (int i = 0; i < peers.size(); i++) {
                PeerId peer = peers.get(i);
                String raftAddress = peer.getEndpoint().toString();
                status.addMembers(ControlPlaneMember.newBuilder()
                        .setId(i + 1)
                        .setName(raftAddress)
                        .setRaftAddress(raftAddress)
                        .setRpcAddress(raft.rpcAddressOf(peer).orElse(""))
                        .setLeader(leader.filter(peer::equals).isPresent()));
            }
            return status.build();
        });
    }
}
