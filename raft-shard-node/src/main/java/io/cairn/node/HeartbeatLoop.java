package io.cairn.node;

import io.cairn.api.placement.HeartbeatResponse;
import io.cairn.api.placement.NodeHeartbeat;
import io.cairn.controlplane.client.PlacementClient;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every second, reports this node's replicas to the control plane and hands the reply
 * (replica assignments, node list) to the node; stops for good once the control plane says the
 * node was removed from the cluster.
 */
final class HeartbeatLoop implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HeartbeatLoop.class);
    static final long PERIOD_MS = 1000;

    private final long nodeId;
    private final PlacementClient placement;
    private final ShardReplicas replicas;
    private final Path dataDir;
    private final Consumer<HeartbeatResponse> onReply;
    private final Consumer<NodeRemovedException> onRemoved;
    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("heartbeat").factory());
    private boolean failing;

    HeartbeatLoop(long nodeId, PlacementClient placement, ShardReplicas replicas, Path dataDir,
                  Consumer<HeartbeatResponse> onReply, Consumer<NodeRemovedException> onRemoved) {
        this.nodeId = nodeId;
        this.placement = placement;
        this.replicas = replicas;
        this.dataDir = dataDir;
        this.onReply = onReply;
        this.onRemoved = onRemoved;
    }

    void start() {
        timer.scheduleWithFixedDelay(this::beat, PERIOD_MS, PERIOD_MS, TimeUnit.MILLISECONDS);
    }

    /** Never throws: an exception would cancel every later heartbeat. */
    private void beat() {
        try {
            onReply.accept(placement.heartbeat(heartbeat()));
            if (failing) {
                log.info("node {}: heartbeats reach the control plane again", nodeId);
                failing = false;
            }
        } catch (RuntimeException e) {
            if (NodeRemovedException.isRemoval(e)) {
                NodeRemovedException removed = NodeRemovedException.of(e);
                log.error("node {}: {}; no more heartbeats", nodeId, removed.getMessage());
                timer.shutdown();
                onRemoved.accept(removed);
                return;
            }
            if (!failing) {
                log.warn("node {}: heartbeat failed: {}", nodeId, e.toString());
                failing = true;
            }
        }
    }

    private NodeHeartbeat heartbeat() {
        NodeHeartbeat.Builder heartbeat = NodeHeartbeat.newBuilder().setNodeId(nodeId).addAllShards(replicas.stats());
        try {
            FileStore disk = Files.getFileStore(dataDir);
            heartbeat.setCapacityBytes(disk.getTotalSpace()).setAvailableBytes(disk.getUsableSpace());
        } catch (IOException e) {
            log.debug("node {}: no disk figures", nodeId, e);
        }
        return heartbeat.build();
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
