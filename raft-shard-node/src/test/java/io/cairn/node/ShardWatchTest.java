package io.cairn.node;

import static io.cairn.node.ClusterSpec.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.cairn.api.meta.ShardEpoch;
import io.cairn.api.meta.ShardStats;
import io.cairn.api.mvccpb.Event;
import io.cairn.api.shard.ShardCompactRequest;
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
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ShardKv.Watch on a real store node: replay, live events, progress, compaction, routing errors. */
class ShardWatchTest {
    @TempDir
    Path dir;
    private final ClusterSpec spec = ClusterSpec.create(1, 2, 1000, 3600);
    private StoreNode node;
    private NodeClient client;
    private ManagedChannel channel;

    @BeforeEach
    void start() {
        node = spec.startNode(1, dir, spec.placement());
        client = new NodeClient(node.rpcAddress());
        channel = NettyChannelBuilder.forTarget(node.rpcAddress()).usePlaintext().build();
        await().atMost(Duration.ofSeconds(30)).until(() ->
                client.status().getShardsList().stream().filter(ShardStats::getLeader).count() == 2);
    }

    @AfterEach
    void stop() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        client.close();
        node.close();
    }

    private LinkedBlockingQueue<ShardWatchResponse> watch(ShardWatchRequest.Builder request) {
        LinkedBlockingQueue<ShardWatchResponse> out = new LinkedBlockingQueue<>();
        ShardKvGrpc.newStub(channel).watch(request.build(), new StreamObserver<>() {
            @Override
            public void onNext(ShardWatchResponse value) {
                out.add(value);
            }

            @Override
            public void onError(Throwable t) {
                out.add(ShardWatchResponse.newBuilder().setCompactRevision(-1).build());
            }

            @Override
            public void onCompleted() {
            }
        });
        return out;
    }

    private static ShardWatchRequest.Builder prefix(long shard, String prefix, long start) {
        return ShardWatchRequest.newBuilder()
                .setContext(ShardRequestContext.newBuilder().setShardId(shard).setEpoch(ClusterSpec.EPOCH))
                .setKey(key(shard, prefix)).setRangeEnd(key(shard, prefix + "\uffff"))
                .setStartRevision(start);
    }

    private long put(String key, String value) {
        return client.put(1, key(1, key), value).getPut().getHeader().getRevision();
    }

    private static ShardWatchResponse next(LinkedBlockingQueue<ShardWatchResponse> out) throws InterruptedException {
        ShardWatchResponse r = out.poll(10, TimeUnit.SECONDS);
        assertThat(r).as("a watch message within 10 s").isNotNull();
        return r;
    }

    @Test
    void replaysHistoryThenStreamsNewEventsAndReportsProgressWhenIdle() throws Exception {
        long first = put("w/a", "1");
        long second = put("w/b", "2");
        put("other", "x");
        var out = watch(prefix(1, "w/", first).setProgressNotify(true).setProgressIntervalMs(50));
        List<Event> events = new ArrayList<>();
        long progress = 0;
        while (progress < second) {
            ShardWatchResponse r = next(out);
            events.addAll(r.getEventsList());
            progress = r.getProgressRevision();
        }
        assertThat(events).extracting(e -> e.getKv().getModRevision()).containsExactly(first, second);
        assertThat(events).allMatch(e -> !e.hasPrevKv());
        long third = put("w/a", "3");
        List<Event> live = new ArrayList<>();
        while (live.isEmpty()) {
            live.addAll(next(out).getEventsList());
        }
        assertThat(live).singleElement().satisfies(e -> {
            assertThat(e.getKv().getModRevision()).isEqualTo(third);
            assertThat(e.getKv().getValue().toStringUtf8()).isEqualTo("3");
        });
        // Idle: progress keeps moving past revisions handed out since (a write on another shard).
        long elsewhere = client.put(2, key(2, "z"), "z").getPut().getHeader().getRevision();
        long seen = 0;
        while (seen <= elsewhere) {
            ShardWatchResponse r = next(out);
            assertThat(r.getEventsList()).isEmpty();
            assertThat(r.getProgressRevision()).isGreaterThanOrEqualTo(seen);
            seen = r.getProgressRevision();
        }
    }

    @Test
    void prevKvIsKeptWhenAsked() throws Exception {
        long first = put("p/k", "old");
        put("p/k", "new");
        var out = watch(prefix(1, "p/", first + 1).setPrevKv(true));
        Event event = next(out).getEvents(0);
        assertThat(event.getPrevKv().getValue().toStringUtf8()).isEqualTo("old");
    }

    @Test
    void aStartBelowTheCompactionRevisionAnswersItAndEnds() throws Exception {
        long first = put("c/k", "1");
        long second = put("c/k", "2");
        client.execute(NodeClient.request(1).setCompact(ShardCompactRequest.newBuilder().setRevision(second)
                .setKey(ClusterSpec.tenantPrefix(1)).setRangeEnd(ClusterSpec.tenantPrefix(2))).build());
        ShardWatchResponse r = next(watch(prefix(1, "c/", first)));
        assertThat(r.getCompactRevision()).isEqualTo(second);
        assertThat(next(watch(prefix(1, "c/", second))).getEventsList())
                .extracting(e -> e.getKv().getModRevision()).containsExactly(second);
    }

    @Test
    void aStaleEpochOrAKeyOutsideTheShardIsRefused() throws Exception {
        ShardWatchRequest.Builder stale = prefix(1, "w/", 0);
        stale.getContextBuilder().setEpoch(ShardEpoch.newBuilder().setVersion(99));
        assertThat(next(watch(stale)).getError().hasEpochNotMatch()).isTrue();
        ShardWatchRequest.Builder outside = prefix(1, "w/", 0).setKey(key(2, "x")).setRangeEnd(ByteString.EMPTY);
        assertThat(next(watch(outside)).getError().hasEpochNotMatch()).isTrue();
    }
}
