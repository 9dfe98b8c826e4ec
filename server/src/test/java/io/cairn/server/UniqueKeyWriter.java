package io.cairn.server;

import com.google.protobuf.ByteString;
import io.cairn.api.etcdserverpb.PutRequest;
import io.grpc.StatusRuntimeException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Puts {@code prefix + seq} = {@code tag-seq} through one gateway client, one key per write,
 * until stopped (paced by {@code pauseMs}). A write is acknowledged when the gateway answered
 * OK; any error leaves its outcome unknown (it may or may not have been applied). Each key is
 * written once, so a key whose etcd {@code version} is above 1 was applied twice.
 */
final class UniqueKeyWriter implements Runnable {
    private final GrpcKv client;
    private final String prefix;
    private final String tag;
    private final long pauseMs;
    private final WriteOutcomes outcomes;
    private final AtomicBoolean stop = new AtomicBoolean();
    final Map<String, String> acknowledged = new ConcurrentHashMap<>();
    final Map<String, String> unknown = new ConcurrentHashMap<>();

    UniqueKeyWriter(GrpcKv client, String prefix, String tag, long pauseMs, WriteOutcomes outcomes) {
        this.client = client;
        this.prefix = prefix;
        this.tag = tag;
        this.pauseMs = pauseMs;
        this.outcomes = outcomes;
    }

    @Override
    public void run() {
        for (long seq = 0; !stop.get(); seq++) {
            String key = prefix + String.format("%08d", seq);
            String value = tag + "-" + seq;
            long start = System.nanoTime();
            try {
                client.kv.withDeadlineAfter(10, TimeUnit.SECONDS).put(PutRequest.newBuilder()
                        .setKey(ByteString.copyFromUtf8(key)).setValue(ByteString.copyFromUtf8(value)).build());
                outcomes.ok(start);
                acknowledged.put(key, value);
            } catch (StatusRuntimeException e) {
                outcomes.failed(start, e);
                unknown.put(key, value);
            }
            pause();
        }
    }

    void stop() {
        stop.set(true);
    }

    private void pause() {
        try {
            Thread.sleep(pauseMs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop.set(true);
        }
    }
}
