package io.cairn.sdk;

import java.nio.charset.StandardCharsets;

/** One key's state, as etcd reports it. */
public record KeyValue(byte[] key, byte[] value, long createRevision, long modRevision, long version, long lease) {

    public String keyAsString() {
        return new String(key, StandardCharsets.UTF_8);
    }

    public String valueAsString() {
        return new String(value, StandardCharsets.UTF_8);
    }
}
