package io.cairn.sdk;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** Asynchronous KV operations; futures fail with {@link CairnException}. */
public interface AsyncKv {

    CompletableFuture<Long> put(byte[] key, byte[] value);

    CompletableFuture<Optional<KeyValue>> get(byte[] key);

    CompletableFuture<List<KeyValue>> range(byte[] key, byte[] rangeEnd);

    CompletableFuture<Long> delete(byte[] key, byte[] rangeEnd);

    CompletableFuture<Boolean> putIfAbsent(byte[] key, byte[] value);
}
