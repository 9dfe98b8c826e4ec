package io.cairn.server;

import io.cairn.controlplane.ControlPlane;
import io.cairn.controlplane.client.PlacementClient;
import io.cairn.gateway.Gateway;
import io.cairn.node.StoreNode;

/** The roles of {@code cairn dev}, closed in reverse start order exactly once. */
final class DevStack implements AutoCloseable {
    volatile ControlPlane controlPlane;
    volatile PlacementClient placement;
    volatile StoreNode node;
    volatile Gateway gateway;
    private boolean closed;

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        closeQuietly(gateway);
        closeQuietly(node);
        closeQuietly(placement);
        closeQuietly(controlPlane);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            System.err.println("cairn: error while stopping " + closeable.getClass().getSimpleName() + ": " + e);
        }
    }
}
