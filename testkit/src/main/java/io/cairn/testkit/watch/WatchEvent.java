package io.cairn.testkit.watch;

import java.util.Objects;

/** One watch event (also used for a committed write of the KV history). {@code value} is null for deletes. */
public record WatchEvent(Type type, String key, String value, long modRevision) {
    public enum Type { PUT, DELETE }

    public WatchEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(key, "key");
        if (type == Type.PUT) {
            Objects.requireNonNull(value, "a put event has a value");
        }
    }

    public static WatchEvent put(String key, String value, long revision) {
        return new WatchEvent(Type.PUT, key, value, revision);
    }

    public static WatchEvent delete(String key, long revision) {
        return new WatchEvent(Type.DELETE, key, null, revision);
    }

    /** {@code key@revision}, how reports name an event. */
    public String id() {
        return key + "@" + modRevision;
    }

    @Override
    public String toString() {
        return type + " " + id() + (value == null ? "" : "=" + value);
    }
}
