package io.cairn.server;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Initial split points of the internal keyspace (8-byte big-endian tenant id ++ user key).
 * By default shards split at tenant boundaries so that tenants land on different shards.
 */
final class SplitKeys {
    private SplitKeys() {
    }

    /** Splits at the start of tenants 2..shards: shard 1 holds the dev tenant (id 1). */
    static List<byte[]> atTenantBoundaries(int shards) {
        if (shards < 1) {
            throw new IllegalArgumentException("--shards must be at least 1, got " + shards);
        }
        List<byte[]> keys = new ArrayList<>();
        for (long tenant = 2; tenant <= shards; tenant++) {
            keys.add(tenantPrefix(tenant));
        }
        return keys;
    }

    /** Parses {@code TENANT_ID:USER_KEY} (user key as UTF-8, may be empty) into an internal key. */
    static byte[] parse(String spec) {
        int colon = spec.indexOf(':');
        String tenant = colon < 0 ? spec : spec.substring(0, colon);
        String userKey = colon < 0 ? "" : spec.substring(colon + 1);
        long tenantId;
        try {
            tenantId = Long.parseLong(tenant);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("split point must be TENANT_ID[:KEY], got '" + spec + "'");
        }
        if (tenantId < 1) {
            throw new IllegalArgumentException("tenant ids start at 1, got '" + spec + "'");
        }
        byte[] user = userKey.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + user.length).putLong(tenantId).put(user).array();
    }

    static byte[] tenantPrefix(long tenantId) {
        return ByteBuffer.allocate(8).putLong(tenantId).array();
    }
}
