package io.cairn.server;

import io.cairn.api.placement.LookupApiKeyResponse;
import io.cairn.controlplane.client.PlacementClient;
import java.util.List;

/** The {@code dev} tenant and its API key, created on first start and kept across restarts. */
final class DevTenant {
    static final String NAME = "dev";

    private final PlacementClient placement;
    private final DevDataDir dir;

    DevTenant(PlacementClient placement, DevDataDir dir) {
        this.placement = placement;
        this.dir = dir;
    }

    /** Returns the dev tenant's API key, creating the tenant and key when missing. */
    String ensure() {
        boolean exists = placement.listTenants().stream().anyMatch(t -> t.getName().equals(NAME));
        if (!exists) {
            placement.createTenant(NAME, "dev");
        }
        var saved = dir.devApiKey();
        if (saved.isPresent() && isLive(saved.get())) {
            return saved.get();
        }
        String key = placement.createApiKey(NAME, List.of(), 0).getApiKey();
        dir.saveDevApiKey(key);
        return key;
    }

    private boolean isLive(String apiKey) {
        String[] parts = apiKey.split("_");
        if (parts.length != 3) {
            return false;
        }
        LookupApiKeyResponse found = placement.lookupApiKey(parts[1]);
        return found.getFound() && !found.getRecord().getRevoked();
    }
}
