package io.cairn.gateway.watch;

import com.google.protobuf.ByteString;
import io.cairn.api.mvccpb.Event;
import io.cairn.api.mvccpb.KeyValue;

/** Small event builders for the watch tests. */
final class Events {
    private Events() {
    }

    static Event put(String key, long revision) {
        return put(key, revision, "v" + revision);
    }

    static Event put(String key, long revision, String value) {
        return Event.newBuilder().setType(Event.EventType.PUT).setKv(KeyValue.newBuilder()
                .setKey(ByteString.copyFromUtf8(key)).setValue(ByteString.copyFromUtf8(value))
                .setModRevision(revision).setCreateRevision(revision).setVersion(1)).build();
    }

    static Event delete(String key, long revision) {
        return Event.newBuilder().setType(Event.EventType.DELETE).setKv(KeyValue.newBuilder()
                .setKey(ByteString.copyFromUtf8(key)).setModRevision(revision)).build();
    }
}
