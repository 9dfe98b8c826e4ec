package io.cairn.server;

import io.cairn.api.placement.CreateApiKeyResponse;
import io.cairn.controlplane.client.PlacementClient;
import io.cairn.controlplane.client.PlacementClients;
import io.cairn.testkit.CairnDevProcess;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Properties;

/** Admin access to a running {@code cairn dev}: its control plane, with the cluster token. */
final class DevAdmin implements AutoCloseable {
    private final PlacementClient placement;

    DevAdmin(CairnDevProcess dev) {
        Properties ports = new Properties();
        try (Reader in = Files.newBufferedReader(dev.dataDir().resolve("dev-ports.properties"))) {
            ports.load(in);
            String token = Files.readString(dev.dataDir().resolve("cluster-token")).trim();
            placement = PlacementClients.connect(
                    List.of("127.0.0.1:" + ports.getProperty("control-plane.rpc")), token);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Creates a tenant and returns a fresh API key for it. */
    String createTenantWithKey(String name) {
        placement.createTenant(name, "test");
        return apiKey(name);
    }

    String apiKey(String tenant) {
        CreateApiKeyResponse created = placement.createApiKey(tenant, List.of(), 0);
        return created.getApiKey();
    }

    PlacementClient placement() {
        return placement;
    }

    @Override
    public void close() {
        placement.close();
    }
}
