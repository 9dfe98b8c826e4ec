package io.cairn.controlplane;

import io.cairn.api.placement.AllocateRevisionsResponse;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Wires one control-plane replica: state, Raft group, TSO, services and the gRPC server. */
final class RaftControlPlane implements ControlPlane {
    private final Server server;
    private final MetaRaft raft;
    private final ScheduledExecutorService timer;
    private final String rpcAddress;
    private final PlacementService placement;

    private RaftControlPlane(Server server, MetaRaft raft, ScheduledExecutorService timer, String rpcAddress,
            PlacementService placement) {
        this.server = server;
        this.placement = placement;
        this.raft = raft;
        this.timer = timer;
        this.rpcAddress = rpcAddress;
    }

    static ControlPlane start(ControlPlaneConfig config) {
        String rpcAddress = config.host() + ":" + config.rpcPort();
        RoutePublisher routes = new RoutePublisher();
        MetaState state = new MetaState(routes::publish);
        MetaRaft raft = new MetaRaft(config.host(), config.raftPort(), rpcAddress, state);
        NodeLiveness liveness = new NodeLiveness(config.nodeDownTimeoutMs());
        long electionTimeoutMs = config.electionTimeoutMs() > 0
                ? config.electionTimeoutMs() : ControlPlaneConfig.DEFAULT_ELECTION_TIMEOUT_MS;
        TimestampOracle tso = new TimestampOracle(TimestampOracle.Advancer.overRaft(raft),
                LeaderLease.Confirmer.overRaft(raft, electionTimeoutMs), System::nanoTime,
                LeaderLease.forElectionTimeout(electionTimeoutMs),
                () -> ControlPlaneException.notLeader(raft.leaderRpcAddress()));
        ShardReports reports = new ShardReports();
        LeaderDuties duties = new LeaderDuties(raft, state, rpcAddress, tso, routes, liveness, reports);
        MetaStateMachine fsm = new MetaStateMachine(state, duties);
        OperatorController operators = new OperatorController(config.scheduling(), state, reports,
                raft::proposeWhenReady);
        HeartbeatPipeline heartbeats = HeartbeatPipeline.standard(state, reports, operators, raft::proposeWhenReady);
        PlacementService placement = new PlacementService(config, raft, state, fsm, routes, tso, liveness, heartbeats);
        TenantService tenants = new TenantService(raft, state);
        ClusterAdminService cluster = new ClusterAdminService(raft, state, reports, operators);
        SchedulingLoop scheduling = new SchedulingLoop(raft, new Scheduler(state, reports, operators,
                Scheduler.standardCheckers(config.scheduling(), config.shardReplicas())));
        ClusterTokenInterceptor auth = new ClusterTokenInterceptor(config.clusterToken());
        Server server = NettyServerBuilder.forAddress(new InetSocketAddress(config.host(), config.rpcPort()))
                .addService(ServerInterceptors.intercept(new PlacementEndpoint(placement, raft), auth))
                .addService(ServerInterceptors.intercept(new AdminEndpoint(tenants, cluster), auth))
                .callExecutor(new TsoCallExecutor())
                .build();
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException("control plane cannot listen on " + rpcAddress, e);
        }
        ScheduledExecutorService timer = Executors.newScheduledThreadPool(2, r -> {
            Thread thread = new Thread(r, "cairn-cp-timer-" + config.raftPort());
            thread.setDaemon(true);
            return thread;
        });
        try {
            raft.start(config, fsm);
        } catch (RuntimeException e) {
            server.shutdownNow();
            timer.shutdownNow();
            throw e;
        }
        long period = Math.max(100, Math.min(1000, config.nodeDownTimeoutMs() / 4));
        timer.scheduleWithFixedDelay(duties::markSilentNodesDown, period, period, TimeUnit.MILLISECONDS);
        long interval = config.scheduling().intervalMs();
        timer.scheduleWithFixedDelay(scheduling, interval, interval, TimeUnit.MILLISECONDS);
        return new RaftControlPlane(server, raft, timer, rpcAddress, placement);
    }

    @Override
    public String rpcAddress() {
        return rpcAddress;
    }

    @Override
    public boolean isLeader() {
        return raft.isLeader();
    }

    @Override
    public CompletableFuture<AllocateRevisionsResponse> allocateRevisions(int count) {
        return placement.allocateRevisions(count);
    }

    /** Takes a Raft snapshot of the metadata now. */
    CompletableFuture<Void> snapshot() {
        return raft.snapshot();
    }

    /**
     * Stops taking calls, leaves the Raft group (pending calls then fail with UNAVAILABLE,
     * route streams end), waits briefly for in-flight replies, then drops the rest.
     */
    @Override
    public void close() {
        timer.shutdownNow();
        server.shutdown();
        raft.close();
        try {
            if (!server.awaitTermination(2, TimeUnit.SECONDS)) {
                server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            server.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
