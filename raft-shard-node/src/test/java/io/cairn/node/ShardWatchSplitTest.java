package io.cairn.node;

import static io.cairn.node.ClusterSpec.key;
import static io.cairn.node.ClusterSpec.tenantPrefix;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.cairn.api.meta.NodeDescriptor;
import io.cairn.api.meta.RouteTable;
import io.cairn.api.meta.ShardRoute;
import io.cairn.api.mvccpb.Event;
import io.cairn.api.shard.ShardKvGrpc;
import io.cairn.api.shard.ShardRequestContext;
import io.cairn.api.shard.ShardWatchRequest;
import io.cairn.api.shard.ShardWatchResponse;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A shard watch stream over the whole of a shard that is split while writes go to both halves:
 * the stream ends with EPOCH_NOT_MATCH when the split is applied, and the two halves, watched
 * from its last progress + 1, hold exactly the acknowledged writes it did not deliver.
 */
class ShardWatchSplitTest {
    @TempDir
    Path dir;
    private ScheduledCluster cluster;
    private RoutedKv kv;
    private final List<ManagedChannel> channels = new ArrayList<>();

    @AfterEach
    void stop() {
        channels.forEach(ManagedChannel::shutdownNow);
        if (kv != null) {
            kv.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aSplitEndsTheStreamAndTheHalvesResumeWithoutLossOrDuplicate() throws Exception {
        cluster = ScheduledCluster.start(dir, 1, List.of(tenantPrefix(2)), 30_000, ScheduledCluster.fastScheduling());
        cluster.addNode();
        ShardRoute parent = cluster.awaitSettled(2, 1, Duration.ofSeconds(60)).getShards(0);
        kv = new RoutedKv(cluster::routes);
        long start = kv.put(key(1, "a0"), "first").orElseThrow();
        LinkedBlockingQueue<ShardWatchResponse> stream = watch(cluster.routes(), parent,
                key(1, ""), tenantPrefix(2), start);
        Writer writer = new Writer(kv);
        ByteString splitKey = key(1, "k");
        long ended = 0;
        long progress = start - 1;
        List<Event> delivered = new ArrayList<>();
        try {
            while (writer.acknowledged.size() < 30) {
                Drained d = drain(stream, 100);
                delivered.addAll(d.events());
                progress = Math.max(progress, d.progress());
            }
            cluster.splitWhenFree(parent.getShard().getId(), splitKey);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (ended == 0) {
                assertThat(System.nanoTime()).as("the stream ends at the split").isLessThan(deadline);
                Drained d = drain(stream, 100);
                delivered.addAll(d.events());
                progress = Math.max(progress, d.progress());
                if (d.error().isPresent()) {
                    assertThat(d.error().get().getError().hasEpochNotMatch()).as("%s", d.error().get()).isTrue();
                    ended = progress;
                }
            }
            cluster.awaitSettled(3, 1, Duration.ofSeconds(60));
            int after = writer.acknowledged.size();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                    .until(() -> writer.acknowledged.size() >= after + 30);
        } finally {
            writer.stop();
        }
        long last = kv.put(key(1, "zz-last"), "last").orElseThrow();
        RouteTable routes = cluster.routes();
        List<ShardRoute> halves = routes.getShardsList().stream().filter(r -> ByteString
                .unsignedLexicographicalComparator().compare(r.getShard().getStartKey(), tenantPrefix(2)) < 0).toList();
        assertThat(halves).hasSize(2);
        for (ShardRoute half : halves) {
            ByteString from = half.getShard().getStartKey();
            ByteString to = half.getShard().getEndKey();
            LinkedBlockingQueue<ShardWatchResponse> resumed = watch(routes, half, from, to, ended + 1);
            long caughtUp = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (caughtUp < last) {
                assertThat(System.nanoTime()).as("shard %d catches up", half.getShard().getId()).isLessThan(deadline);
                Drained d = drain(resumed, 100);
                assertThat(d.error()).isEmpty();
                delivered.addAll(d.events());
                caughtUp = Math.max(caughtUp, d.progress());
            }
        }
        List<Long> revisions = delivered.stream().map(e -> e.getKv().getModRevision()).toList();
        assertThat(revisions).doesNotHaveDuplicates();
        List<String> keys = delivered.stream().map(e -> e.getKv().getKey().substring(8).toStringUtf8()).toList();
        writer.acknowledged.forEach((key, revision) ->
                assertThat(revisions).as("event of %s", key).contains(revision));
        assertThat(revisions).contains(start, last);
        assertThat(keys).anyMatch(k -> k.startsWith("m")).anyMatch(k -> k.startsWith("a"));
    }

    /** Puts "a00000", "m00001", "a00002" ... (both sides of the split key "k"), remembering each revision. */
    private static final class Writer {
        final Map<String, Long> acknowledged = new ConcurrentHashMap<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        Writer(RoutedKv kv) {
            thread = Thread.ofPlatform().name("split-writer").start(() -> {
                for (int i = 0; running.get(); i++) {
                    String name = (i % 2 == 0 ? "a" : "m") + String.format("%05d", i);
                    int n = i;
                    kv.put(key(1, name), "v" + n).ifPresent(revision -> acknowledged.put(name, revision));
                }
            });
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join(RoutedKv.DEADLINE_MS + 5_000);
        }
    }

    private record Drained(List<Event> events, long progress, Optional<ShardWatchResponse> error) {
    }

    private static Drained drain(LinkedBlockingQueue<ShardWatchResponse> stream, long millis) throws InterruptedException {
        List<Event> events = new ArrayList<>();
        long progress = 0;
        ShardWatchResponse r = stream.poll(millis, TimeUnit.MILLISECONDS);
        while (r != null) {
            if (r.hasError()) {
                return new Drained(events, progress, Optional.of(r));
            }
            events.addAll(r.getEventsList());
            progress = Math.max(progress, r.getProgressRevision());
            r = stream.poll();
        }
        return new Drained(events, progress, Optional.empty());
    }

    private LinkedBlockingQueue<ShardWatchResponse> watch(RouteTable routes, ShardRoute shard, ByteString from,
                                                        ByteString to, long start) {
        String rpc = routes.getNodesList().stream().filter(n -> n.getId() == shard.getLeaderNodeId())
                .map(NodeDescriptor::getRpcAddress).findFirst().orElseThrow();
        ManagedChannel channel = NettyChannelBuilder.forTarget(rpc).usePlaintext().build();
        channels.add(channel);
        LinkedBlockingQueue<ShardWatchResponse> out = new LinkedBlockingQueue<>();
        ShardKvGrpc.newStub(channel).watch(ShardWatchRequest.newBuilder()
                .setContext(ShardRequestContext.newBuilder().setShardId(shard.getShard().getId())
                        .setEpoch(shard.getShard().getEpoch()))
                .setKey(from).setRangeEnd(to).setStartRevision(start)
                .setProgressNotify(true).setProgressIntervalMs(50).build(), new StreamObserver<>() {
                    @Override
                    public void onNext(ShardWatchResponse value) {
                        out.add(value);
                    }

                    @Override
                    public void onError(Throwable t) {
                        out.add(ShardWatchResponse.newBuilder().setError(io.cairn.api.shard.ShardError.getDefaultInstance()).build());
                    }

                    @Override
                    public void onCompleted() {
                    }
                });
        return out;
    }
}
