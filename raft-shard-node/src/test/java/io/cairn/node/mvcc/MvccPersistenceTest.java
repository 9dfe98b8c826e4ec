package io.cairn.node.mvcc;

import static io.cairn.node.mvcc.MvccHarness.error;
import static io.cairn.node.mvcc.MvccHarness.k;
import static io.cairn.node.mvcc.MvccHarness.kv;
import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.api.etcdserverpb.PutRequest;
import io.cairn.api.etcdserverpb.RangeRequest;
import io.cairn.api.shard.KvErrorCode;
import io.cairn.api.shard.ShardCommand;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class MvccPersistenceTest {

    @TempDir
    Path dir;
    MvccHarness h;

    @BeforeEach
    void open() {
        h = new MvccHarness(dir.resolve("store"));
    }

    @AfterEach
    void close() {
        h.close();
    }

    @Test
    void reopenKeepsStateAndReplayIsIdempotent() {
        List<ShardCommand> log = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ShardCommand command = ShardCommand.newBuilder().setRevision(10 * (i + 1))
                    .setPut(PutRequest.newBuilder().setKey(k("k" + (i % 2))).setValue(MvccHarness.v("v" + i))).build();
            log.add(command);
            h.store.apply(command, i + 1);
        }
        h.reopen();
        assertThat(h.store.appliedIndex()).isEqualTo(5);
        assertThat(h.store.currentRevision()).isEqualTo(50);
        for (int i = 0; i < log.size(); i++) {
            assertThat(h.store.apply(log.get(i), i + 1)).isNull();
        }
        assertThat(h.kv("k0")).isEqualTo(kv("k0", "v4", 10, 50, 3));
        assertThat(h.kv("k1")).isEqualTo(kv("k1", "v3", 20, 40, 2));
        assertThat(h.range(RangeRequest.newBuilder().setKey(k("k0")).setRevision(29)).getKvs(0))
                .isEqualTo(kv("k0", "v0", 10, 10, 1));
        assertThat(h.store.events(k("k").toByteArray(), k("l").toByteArray(), 0, 100)).hasSize(5);
        var stale = h.store.apply(log.get(0), 6);
        assertThat(error(stale).getCode()).isEqualTo(KvErrorCode.INTERNAL);
        assertThat(h.store.appliedIndex()).isEqualTo(6);
        assertThat(h.store.approximateKeys()).isGreaterThanOrEqualTo(0);
        assertThat(h.store.approximateSizeBytes()).isPositive();
    }

    @Test
    void snapshotRoundTrip() {
        h.put("a", "1");
        h.put("b", "1");
        h.compact(1);
        Path snapshot = dir.resolve("snap");
        h.store.saveSnapshot(snapshot);
        long index = h.store.appliedIndex();
        h.put("a", "2");
        h.delete("b");
        h.compact(4);

        h.store.loadSnapshot(snapshot);
        assertThat(h.store.appliedIndex()).isEqualTo(index);
        assertThat(h.store.currentRevision()).isEqualTo(2);
        assertThat(h.store.compactRevision(k("a").toByteArray())).isEqualTo(1);
        assertThat(h.kv("a")).isEqualTo(kv("a", "1", 1, 1, 1));
        assertThat(h.kv("b")).isEqualTo(kv("b", "1", 2, 2, 1));
        assertThat(h.store.events(k("a").toByteArray(), k("z").toByteArray(), 0, 100)).hasSize(2);

        try (MvccHarness copy = new MvccHarness(dir.resolve("copy"))) {
            copy.store.loadSnapshot(snapshot);
            assertThat(copy.kv("b")).isEqualTo(kv("b", "1", 2, 2, 1));
            copy.reopen();
            assertThat(copy.store.appliedIndex()).isEqualTo(index);
            assertThat(copy.kv("a")).isEqualTo(kv("a", "1", 1, 1, 1));
        }
        h.reopen();
        assertThat(h.store.currentRevision()).isEqualTo(2);
    }

    @Test
    @Timeout(30)
    void loadingASnapshotWhileReadersRun() throws Exception {
        h.put("a", "1");
        Path snapshot = dir.resolve("snap");
        h.store.saveSnapshot(snapshot);
        h.put("a", "2");
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService readers = Executors.newFixedThreadPool(2);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                results.add(readers.submit(() -> {
                    int reads = 0;
                    while (!stop.get()) {
                        var kv = h.kv("a");
                        assertThat(kv.getValue().toStringUtf8()).isIn("1", "2");
                        reads++;
                    }
                    return reads;
                }));
            }
            for (int i = 0; i < 5; i++) {
                h.store.loadSnapshot(snapshot);
            }
            stop.set(true);
            for (Future<Integer> result : results) {
                assertThat(result.get(Duration.ofSeconds(10).toSeconds(), TimeUnit.SECONDS)).isPositive();
            }
        } finally {
            stop.set(true);
            readers.shutdownNow();
        }
        assertThat(h.kv("a").getValue().toStringUtf8()).isEqualTo("1");
    }
}
