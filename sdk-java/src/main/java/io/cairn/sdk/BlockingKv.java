package io.cairn.sdk;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** The blocking facade over {@link GrpcAsyncKv}. */
final class BlockingKv implements Kv {
    private final AsyncKv async;

    BlockingKv(AsyncKv async) {
        this.async = async;
    }

    @Override
    public long put(String key, String value) {
        return put(utf8(key), utf8(value));
    }

    @Override
    public long put(byte[] key, byte[] value) {
        return join(async.put(key, value));
    }

    @Override
    public Optional<KeyValue> get(String key) {
        return join(async.get(utf8(key)));
    }

    @Override
    public List<KeyValue> getPrefix(String prefix) {
        byte[] start = utf8(prefix);
        return join(async.range(start, prefixEnd(start)));
    }

    @Override
    public long delete(String key) {
        return join(async.delete(utf8(key), new byte[0]));
    }

    @Override
    public boolean putIfAbsent(String key, String value) {
        return join(async.putIfAbsent(utf8(key), utf8(value)));
    }

    /** etcd's prefix end: increment the last byte that is not 0xff; "\0" when all are. */
    static byte[] prefixEnd(byte[] prefix) {
        for (int i = prefix.length - 1; i >= 0; i--) {
            if (prefix[i] != (byte) 0xff) {
                byte[] end = Arrays.copyOf(prefix, i + 1);
                end[i]++;
                return end;
            }
        }
        return new byte[] {0};
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof CairnException cairn) {
                throw cairn;
            }
            throw new CompletionException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CairnException("CANCELLED", "interrupted", e);
        }
    }
}
