package io.cairn.node;

import io.cairn.controlplane.client.PlacementClient;

/**
 * A store node: one process hosting many shard replicas (one JRaft group each) behind one
 * JRaft RPC port and one ShardKv gRPC port. It registers with the control plane, hosts the
 * replicas the control plane assigns, and reports their state in heartbeats.
 */
public interface StoreNode extends AutoCloseable {

    /**
     * Starts the node: binds its ports, registers with the control plane (retrying with
     * back-off until it answers), starts the assigned replicas and the heartbeat loop.
     */
    static StoreNode start(StoreNodeConfig config, PlacementClient placement) {
        return RunningStoreNode.start(config, placement);
    }

    /** The id the control plane assigned, persisted in the data directory. */
    long nodeId();

    /** host:port of the ShardKv gRPC service. */
    String rpcAddress();

    /**
     * Completes when the control plane refuses this running node's heartbeats because it was
     * removed from the cluster (it holds nothing by then); whoever runs the node should stop it.
     */
    java.util.concurrent.CompletableFuture<NodeRemovedException> removed();

    /** Stops heartbeats, the gRPC service, every shard group and store. */
    @Override
    void close();
}
