package io.cairn.node;

import io.cairn.api.meta.NodeDescriptor;
import io.cairn.api.placement.HeartbeatResponse;
import io.cairn.api.placement.RegisterNodeRequest;
import io.cairn.api.placement.RegisterNodeResponse;
import io.cairn.api.shard.NodeStatusResponse;
import io.cairn.api.shard.ShardRequest;
import io.cairn.api.shard.ShardResponse;
import io.cairn.api.shard.ShardWatchRequest;
import io.cairn.api.shard.ShardWatchResponse;
import io.grpc.stub.StreamObserver;
import io.cairn.controlplane.client.PlacementClient;
import io.cairn.node.mvcc.MvccStore;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A started store node: wires the transports, the shard replicas and the control-plane session. */
final class RunningStoreNode implements StoreNode, ShardHost {
    private static final Logger log = LoggerFactory.getLogger(RunningStoreNode.class);

    private final StoreNodeConfig config;
    private final ExecutorService reads = Executors.newVirtualThreadPerTaskExecutor();
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("lease-timers").factory());
    private final AtomicReference<NodeDirectory> directory = new AtomicReference<>(NodeDirectory.EMPTY);
    private final RevisionAllocator revisions;
    private final RoutedLeaseFanOut leaseFanOut;
    private final RaftTransport raft;
    private final Server grpc;
    private volatile ShardReplicas replicas;
    private volatile HeartbeatLoop heartbeats;
    private volatile OperatorExecutor operators;
    private volatile ReplicaCollector collector;
    private volatile long nodeId;
    private final CompletableFuture<NodeRemovedException> removed = new CompletableFuture<>();

    private RunningStoreNode(StoreNodeConfig config, PlacementClient placement) {
        this.config = config;
        this.revisions = new RevisionAllocator(placement);
        this.leaseFanOut = new RoutedLeaseFanOut(placement);
        this.raft = RaftTransport.start(config.host(), config.raftPort());
        try {
            this.grpc = NettyServerBuilder.forAddress(new InetSocketAddress(config.host(), config.rpcPort()))
                    .addService(new ShardKvService(this))
                    // The handlers never block (ShardKvService): running them on the transport
                    // thread saves a thread hand-off per call.
                    .directExecutor()
                    .build()
                    .start();
        } catch (IOException e) {
            raft.close();
            revisions.close();
            leaseFanOut.close();
            reads.shutdown();
            timers.shutdownNow();
            throw new UncheckedIOException("cannot bind the ShardKv service to port " + config.rpcPort(), e);
        }
    }

    static StoreNode start(StoreNodeConfig config, PlacementClient placement) {
        try {
            Files.createDirectories(config.dataDir());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        RunningStoreNode node = new RunningStoreNode(config, placement);
        try {
            node.join(placement);
        } catch (RuntimeException e) {
            node.close();
            throw e;
        }
        return node;
    }

    /** Registers (keeping the persisted id), then hosts the assigned replicas and starts heartbeats. */
    private void join(PlacementClient placement) {
        NodeIdFile idFile = new NodeIdFile(config.dataDir().resolve("node-id"));
        RegisterNodeResponse reply = NodeRegistration.register(placement, RegisterNodeRequest.newBuilder()
                .setNodeId(idFile.read())
                .setRaftAddress(config.raftAddress())
                .setRpcAddress(rpcAddress())
                .putAllLabels(config.labels())
                .build());
        idFile.write(reply.getNodeId());
        nodeId = reply.getNodeId();
        log.info("store node {} registered: raft {}, rpc {}", nodeId, config.raftAddress(), rpcAddress());
        learnNodes(reply.getNodesList());
        replicas = new ShardReplicas(new EngineContext(nodeId, config, raft.server(), revisions, reads,
                directory::get, MvccStore::open, timers, leaseFanOut));
        replicas.host(reply.getShardsList());
        replicas.hostSplitChildren();
        operators = new OperatorExecutor(replicas, directory::get);
        collector = new ReplicaCollector(nodeId, replicas);
        heartbeats = new HeartbeatLoop(nodeId, placement, replicas, config.dataDir(), this::onHeartbeatReply,
                removed::complete);
        heartbeats.start();
    }

    private void onHeartbeatReply(HeartbeatResponse reply) {
        learnNodes(reply.getNodesList());
        replicas.host(reply.getShardsList());
        operators.onReply(reply);
        collector.onReply(reply);
    }

    private void learnNodes(List<NodeDescriptor> nodes) {
        if (!nodes.isEmpty()) {
            directory.set(NodeDirectory.of(nodes));
        }
    }

    @Override
    public CompletableFuture<ShardResponse> execute(ShardRequest request) {
        long shardId = request.getContext().getShardId();
        ShardReplicas hosted = replicas;
        return hosted == null ? CompletableFuture.completedFuture(ShardErrors.shardNotFound(shardId))
                : hosted.engine(shardId).map(engine -> engine.execute(request))
                        .orElseGet(() -> CompletableFuture.completedFuture(ShardErrors.shardNotFound(shardId)));
    }

    @Override
    public void watch(ShardWatchRequest request, StreamObserver<ShardWatchResponse> responses) {
        long shardId = request.getContext().getShardId();
        ShardReplicas hosted = replicas;
        var engine = hosted == null ? java.util.Optional.<ShardEngine>empty() : hosted.engine(shardId);
        if (engine.isEmpty()) {
            responses.onNext(ShardWatchResponse.newBuilder()
                    .setError(ShardErrors.shardNotFound(shardId).getError()).build());
            responses.onCompleted();
            return;
        }
        engine.get().watch(request, responses);
    }

    @Override
    public CompletableFuture<NodeStatusResponse> status() {
        ShardReplicas hosted = replicas;
        return CompletableFuture.supplyAsync(() -> NodeStatusResponse.newBuilder()
                .setNodeId(nodeId)
                .addAllShards(hosted == null ? List.of() : hosted.stats())
                .setDbSizeBytes(DiskUsage.bytesUnder(config.dataDir()))
                .build(), reads);
    }

    @Override
    public CompletableFuture<NodeRemovedException> removed() {
        return removed;
    }

    @Override
    public long nodeId() {
        return nodeId;
    }

    @Override
    public String rpcAddress() {
        return config.host() + ":" + grpc.getPort();
    }

    @Override
    public void close() {
        if (heartbeats != null) {
            heartbeats.close();
        }
        grpc.shutdown();
        if (replicas != null) {
            replicas.close();
        }
        raft.close();
        revisions.close();
        leaseFanOut.close();
        reads.shutdown();
        timers.shutdownNow();
        try {
            if (!grpc.awaitTermination(5, TimeUnit.SECONDS)) {
                grpc.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            grpc.shutdownNow();
        }
        log.info("store node {} stopped", nodeId);
    }
}
