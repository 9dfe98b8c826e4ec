package io.cairn.node.mvcc;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.cairn.api.mvccpb.Event;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.rocksdb.RocksIterator;

/** Reads events from the per-tenant revlog, in revision (then sub-index) order. */
final class EventLog {

    private EventLog() {
    }

    static List<Event> read(StoreReader reader, StoreDb store, KeyRange range, long from, long to) {
        List<Event> events = new ArrayList<>();
        long start = Math.max(from, 0);
        byte[] tenant = StoreKeys.tenant(range.key());
        boolean manyTenants = false;
        try (RocksIterator it = reader.iterator(store.revlog)) {
            it.seek(StoreKeys.revlogKey(tenant, start, 0));
            while (it.isValid()) {
                byte[] key = it.key();
                byte[] keyTenant = Arrays.copyOf(key, StoreKeys.TENANT_BYTES);
                if (!Arrays.equals(keyTenant, tenant)) {
                    if (range.beyond(ByteString.copyFrom(keyTenant))) {
                        break;
                    }
                    tenant = keyTenant;
                    manyTenants = true;
                    it.seek(StoreKeys.revlogKey(tenant, start, 0));
                    continue;
                }
                if (StoreKeys.revlogRevision(key) > to) {
                    byte[] next = StoreKeys.successor(tenant);
                    if (next == null) {
                        break;
                    }
                    it.seek(StoreKeys.revlogKey(next, 0, 0));
                    continue;
                }
                Event event = parse(it.value());
                if (range.contains(event.getKv().getKey())) {
                    events.add(event);
                }
                it.next();
            }
        }
        if (manyTenants) {
            events.sort(Comparator.comparingLong(e -> e.getKv().getModRevision()));
        }
        return events;
    }

    private static Event parse(byte[] bytes) {
        try {
            return Event.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("corrupt event in MVCC revlog", e);
        }
    }
}
