package io.cairn.controlplane;

import com.google.protobuf.ByteString;
import io.cairn.api.meta.ShardDescriptor;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * Where to split a shard, given the middle key its leader reported: at a tenant boundary
 * (internal keys start with the 8-byte tenant id) when one is inside the shard, so a tenant's
 * keys stay together; else at the reported key itself.
 *
 * <p>Candidates, in order: the start of the hint's tenant, the start of the next tenant.
 * A candidate is taken when it lies strictly inside the shard (not its start).
 */
final class SplitKeys {
    static final int TENANT_PREFIX = 8;

    private SplitKeys() {
    }

    static Optional<ByteString> choose(ShardDescriptor shard, ByteString hint) {
        if (!inside(shard, hint)) {
            return Optional.empty();
        }
        if (hint.size() >= TENANT_PREFIX) {
            ByteString own = hint.substring(0, TENANT_PREFIX);
            if (inside(shard, own)) {
                return Optional.of(own);
            }
            long tenant = ByteBuffer.wrap(own.toByteArray()).getLong();
            if (tenant != -1L) {
                ByteString next = ByteString.copyFrom(ByteBuffer.allocate(TENANT_PREFIX).putLong(tenant + 1).array());
                if (inside(shard, next)) {
                    return Optional.of(next);
                }
            }
        }
        return Optional.of(hint);
    }

    /** Strictly after the shard's start and before its end. */
    static boolean inside(ShardDescriptor shard, ByteString key) {
        if (key.isEmpty() || KeyOrder.compare(key, shard.getStartKey()) <= 0) {
            return false;
        }
        return shard.getEndKey().isEmpty() || KeyOrder.compare(key, shard.getEndKey()) < 0;
    }
}
