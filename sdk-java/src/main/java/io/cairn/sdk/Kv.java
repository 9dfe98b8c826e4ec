package io.cairn.sdk;

import java.util.List;
import java.util.Optional;

/** Blocking KV operations; failures surface as {@link CairnException}. */
public interface Kv {

    /** Puts a value; returns the write's revision. */
    long put(String key, String value);

    long put(byte[] key, byte[] value);

    Optional<KeyValue> get(String key);

    /** Every key starting with {@code prefix}, in key order. */
    List<KeyValue> getPrefix(String prefix);

    /** Deletes one key; returns how many keys were deleted (0 or 1). */
    long delete(String key);

    /**
     * Creates {@code key} only if it does not exist (etcd's create-if-absent lock idiom).
     * Returns true when this call created it.
     */
    boolean putIfAbsent(String key, String value);
}
