package io.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.cairn.api.etcdserverpb.PutRequest;
import io.cairn.api.etcdserverpb.RangeRequest;
import io.cairn.api.etcdserverpb.RangeResponse;
import io.cairn.testkit.CairnDevProcess;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every acknowledged put survives {@code kill -9} of {@code cairn dev} and a restart. */
class DurabilityIT {
    @TempDir
    Path tmp;

    @Test
    void acknowledgedPutsSurviveKillDashNine() throws Exception {
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        try (CairnDevProcess dev = CairnDevProcess.start(tmp.resolve("data"))) {
            String key = dev.apiKey();
            ExecutorService writers = Executors.newFixedThreadPool(8);
            try (GrpcKv client = new GrpcKv(dev.endpoint(), key)) {
                List<Future<?>> running = new java.util.ArrayList<>();
                IntStream.range(0, 8).forEach(w -> running.add(writers.submit(() -> {
                    for (int i = 0; i < 10_000 && !Thread.currentThread().isInterrupted(); i++) {
                        String k = "durable/" + w + "/" + i;
                        try {
                            client.kv().put(PutRequest.newBuilder().setKey(ByteString.copyFromUtf8(k))
                                    .setValue(ByteString.copyFromUtf8("v" + i)).build());
                            acknowledged.add(k);
                        } catch (RuntimeException killed) {
                            return;
                        }
                    }
                })));
                org.awaitility.Awaitility.await().atMost(60, TimeUnit.SECONDS).until(() -> acknowledged.size() >= 400);
                dev.kill9();
                for (Future<?> f : running) {
                    f.get(30, TimeUnit.SECONDS);
                }
            } finally {
                writers.shutdownNow();
            }
            dev.restart();
            try (GrpcKv client = new GrpcKv(dev.endpoint(), key)) {
                RangeResponse all = client.kv().range(RangeRequest.newBuilder()
                        .setKey(ByteString.copyFromUtf8("durable/"))
                        .setRangeEnd(ByteString.copyFromUtf8("durable0")).build());
                Set<String> present = ConcurrentHashMap.newKeySet();
                all.getKvsList().forEach(kv -> present.add(kv.getKey().toStringUtf8()));
                assertThat(present).containsAll(acknowledged);
                assertThat(dev.apiKey()).isEqualTo(key);
            }
        }
    }

    @Test
    void cleanStopAndRestartKeepDataAndTheDevKey() throws Exception {
        try (CairnDevProcess dev = CairnDevProcess.start(tmp.resolve("clean"))) {
            String key = dev.apiKey();
            try (GrpcKv client = new GrpcKv(dev.endpoint(), key)) {
                client.kv().put(PutRequest.newBuilder().setKey(ByteString.copyFromUtf8("kept"))
                        .setValue(ByteString.copyFromUtf8("yes")).build());
            }
            int exit = dev.stop();
            assertThat(exit).as("SIGTERM runs the shutdown hook and exits (143 = 128 + SIGTERM)").isIn(0, 143);
            assertThat(dev.output()).doesNotContain("Exception");
            dev.restart();
            assertThat(dev.apiKey()).isEqualTo(key);
            try (GrpcKv client = new GrpcKv(dev.endpoint(), key)) {
                assertThat(client.kv().range(RangeRequest.newBuilder().setKey(ByteString.copyFromUtf8("kept")).build())
                        .getKvs(0).getValue().toStringUtf8()).isEqualTo("yes");
            }
        }
    }
}
