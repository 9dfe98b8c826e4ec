package io.cairn.gateway.watch;

import com.google.protobuf.ByteString;
import io.cairn.api.mvccpb.Event;
import io.cairn.api.mvccpb.KeyValue;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * A watch's keys in one tenant's space, with the gateway's key rules (TenantKeyCodec): internal
 * key = 8-byte big-endian tenant id ‖ user key; a range end of {@code "\0"} becomes the next
 * tenant's prefix, any other non-empty end gets the prefix. Returned events lose the prefix.
 */
record TenantRange(ByteString prefix, ByteString tenantEnd) {
    private static final int PREFIX_LENGTH = 8;

    static TenantRange of(long tenantId) {
        return new TenantRange(prefixOf(tenantId), prefixOf(tenantId + 1));
    }

    private static ByteString prefixOf(long tenantId) {
        return ByteString.copyFrom(ByteBuffer.allocate(PREFIX_LENGTH).putLong(tenantId).array());
    }

    ByteString key(ByteString userKey) {
        return prefix.concat(userKey);
    }

    ByteString rangeEnd(ByteString userEnd) {
        if (userEnd.isEmpty()) {
            return userEnd;
        }
        if (userEnd.size() == 1 && userEnd.byteAt(0) == 0) {
            return tenantEnd;
        }
        return prefix.concat(userEnd);
    }

    /** The event with user keys, or empty if it is not in this tenant (never expected). */
    Optional<Event> decode(Event event) {
        if (!event.getKv().getKey().startsWith(prefix)) {
            return Optional.empty();
        }
        Event.Builder b = event.toBuilder().setKv(strip(event.getKv()));
        if (event.hasPrevKv()) {
            b.setPrevKv(strip(event.getPrevKv()));
        }
        return Optional.of(b.build());
    }

    private static KeyValue strip(KeyValue kv) {
        return kv.toBuilder().setKey(kv.getKey().substring(PREFIX_LENGTH)).build();
    }
}
