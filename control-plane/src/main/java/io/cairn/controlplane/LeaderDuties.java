package io.cairn.controlplane;

import io.cairn.api.controlplane.AnnounceMember;
import io.cairn.api.controlplane.ControlPlaneCommand;
import io.cairn.api.controlplane.InitCluster;
import io.cairn.api.controlplane.SetNodeState;
import io.cairn.api.meta.NodeState;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a replica does when it gains or loses leadership: start the TSO on a fresh window,
 * set the cluster id once, announce its gRPC address (so followers can point clients at it),
 * reset node liveness and shard reports; and, while leading, mark silent nodes down.
 */
final class LeaderDuties implements LeadershipListener {
    private static final Logger LOG = LoggerFactory.getLogger(LeaderDuties.class);

    private final MetaRaft raft;
    private final MetaState state;
    private final String selfRpcAddress;
    private final TimestampOracle tso;
    private final RoutePublisher routes;
    private final NodeLiveness liveness;
    private final ShardReports reports;
    private final SecureRandom random = new SecureRandom();

    LeaderDuties(MetaRaft raft, MetaState state, String selfRpcAddress, TimestampOracle tso,
            RoutePublisher routes, NodeLiveness liveness, ShardReports reports) {
        this.raft = raft;
        this.state = state;
        this.selfRpcAddress = selfRpcAddress;
        this.tso = tso;
        this.routes = routes;
        this.liveness = liveness;
        this.reports = reports;
    }

    @Override
    public void onLeaderStart(long term) {
        liveness.onLeaderStart(System.currentTimeMillis());
        reports.clear();
        tso.onLeaderStart(term);
        long clusterId = 0;
        while (clusterId == 0) {
            clusterId = random.nextLong() & Long.MAX_VALUE;
        }
        // Applied only when no cluster id is set yet, so proposing it again is harmless.
        CompletableFuture<Object> init = propose(ControlPlaneCommand.newBuilder()
                .setInitCluster(InitCluster.newBuilder().setClusterId(clusterId)).build(), term);
        CompletableFuture<Object> announce = propose(ControlPlaneCommand.newBuilder()
                .setAnnounceMember(AnnounceMember.newBuilder()
                        .setRaftAddress(raft.selfRaftAddress()).setRpcAddress(selfRpcAddress)).build(), term);
        raft.leaderReady(CompletableFuture.allOf(init, announce));
    }

    @Override
    public void onLeaderStop() {
        raft.leaderReady(CompletableFuture.failedFuture(ControlPlaneException.notLeader(Optional.empty())));
        tso.onLeaderStop();
        routes.leadershipLost();
    }

    /** Marks up nodes that missed heartbeats for longer than the timeout as down. */
    void markSilentNodesDown() {
        if (!raft.isLeader()) {
            return;
        }
        long now = System.currentTimeMillis();
        for (long nodeId : liveness.expired(state.nodes(), now)) {
            LOG.warn("node {} missed its heartbeats: marking it down", nodeId);
            propose(ControlPlaneCommand.newBuilder().setSetNodeState(SetNodeState.newBuilder()
                    .setNodeId(nodeId).setState(NodeState.NODE_DOWN).setNowMs(now)).build(), -1);
        }
    }

    private CompletableFuture<Object> propose(ControlPlaneCommand command, long term) {
        CompletableFuture<Object> result = raft.propose(command, term);
        result.whenComplete((ignored, error) -> {
            if (error != null) {
                LOG.info("{} not committed: {}", command.getOpCase(), error.getMessage());
            }
        });
        return result;
    }
}
