package io.cairn.gateway;

import io.cairn.controlplane.client.PlacementClient;

/**
 * The tenant-facing front door: etcd v3 gRPC services and REST on one port, API-key
 * authentication, tenant key rewriting and routing of every request to the shard that owns
 * its keys. Holds no data of its own.
 */
public interface Gateway extends AutoCloseable {

    /** Starts a gateway serving on {@code config.host():config.port()}. */
    static Gateway start(GatewayConfig config, PlacementClient placement) {
        return HelidonGateway.start(config, placement, GatewayTuning.defaults());
    }

    /** The port actually bound (useful when the config asked for port 0). */
    int port();

    @Override
    void close();
}
