package io.cairn.gateway.watch;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.cairn.api.etcdserverpb.ResponseHeader;
import io.cairn.api.etcdserverpb.WatchCreateRequest;
import io.cairn.api.etcdserverpb.WatchRequest;
import io.cairn.api.etcdserverpb.WatchResponse;
import io.cairn.api.meta.ShardEpoch;
import io.cairn.api.mvccpb.Event;
import io.cairn.api.shard.NotLeader;
import io.cairn.api.shard.ShardError;
import io.cairn.api.shard.ShardKvGrpc;
import io.cairn.api.shard.ShardWatchRequest;
import io.cairn.api.shard.ShardWatchResponse;
import io.cairn.testkit.FreePorts;
import io.grpc.Channel;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A node stream breaks (the leader stepped down) and the shard has meanwhile split in two: the
 * watch resumes on both new shards from the old stream's progress + 1, merged, with no event lost
 * or repeated.
 */
class WatchResumeTest {
    private static final TenantRange TENANT = TenantRange.of(1);
    private final List<ShardWatchRequest> calls = new CopyOnWriteArrayList<>();
    private final AtomicReference<List<ShardTarget>> shards = new AtomicReference<>();
    private Server node;
    private ManagedChannel channel;
    private String address;

    @BeforeEach
    void startNode() throws Exception {
        int port = FreePorts.next();
        address = "127.0.0.1:" + port;
        node = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port))
                .addService(new ShardKvGrpc.ShardKvImplBase() {
                    @Override
                    public void watch(ShardWatchRequest request, StreamObserver<ShardWatchResponse> out) {
                        calls.add(request);
                        script(request, out);
                    }
                }).build().start();
        channel = Grpc.newChannelBuilder(address, InsecureChannelCredentials.create()).build();
        shards.set(List.of(shard(1, "", "")));
    }

    @AfterEach
    void stopNode() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        node.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    /** Shard 1 sends revisions 5 and 6, then stops leading; shards 2 [.., m) and 3 [m, ..) take over. */
    private void script(ShardWatchRequest request, StreamObserver<ShardWatchResponse> out) {
        long shard = request.getContext().getShardId();
        if (shard == 1) {
            out.onNext(ShardWatchResponse.newBuilder().addEvents(event("a1", 5)).addEvents(event("a2", 6))
                    .setProgressRevision(6).build());
            shards.set(List.of(shard(2, "", "m"), shard(3, "m", "")));
            out.onNext(ShardWatchResponse.newBuilder().setError(ShardError.newBuilder()
                    .setNotLeader(NotLeader.newBuilder().setShardId(1))).build());
            out.onCompleted();
        } else if (shard == 2) {
            out.onNext(ShardWatchResponse.newBuilder().addEvents(event("a3", 7)).setProgressRevision(9).build());
        } else {
            out.onNext(ShardWatchResponse.newBuilder().setProgressRevision(7).build());
            out.onNext(ShardWatchResponse.newBuilder().addEvents(event("m1", 8)).setProgressRevision(9).build());
        }
    }

    private ShardTarget shard(long id, String start, String end) {
        return new ShardTarget(id, ShardEpoch.newBuilder().setVersion(id).build(),
                start.isEmpty() ? TENANT.prefix() : TENANT.key(ByteString.copyFromUtf8(start)),
                end.isEmpty() ? TENANT.tenantEnd() : TENANT.key(ByteString.copyFromUtf8(end)), address);
    }

    private static Event event(String key, long revision) {
        Event e = Events.put(key, revision);
        return e.toBuilder().setKv(e.getKv().toBuilder().setKey(TENANT.key(e.getKv().getKey()))).build();
    }

    @Test
    void resumesOnTheNewShardsFromTheLastProgressWithoutLossOrDuplicates() throws Exception {
        LinkedBlockingQueue<WatchResponse> out = new LinkedBlockingQueue<>();
        try (WatchSession session = new WatchSession(1, new Backend(), WatchSettings.defaults(),
                new WatchQuota(10), out::add)) {
            session.onRequest(WatchRequest.newBuilder().setCreateRequest(WatchCreateRequest.newBuilder()
                    .setKey(ByteString.copyFromUtf8("a")).setRangeEnd(ByteString.copyFrom(new byte[] {0}))
                    .setStartRevision(5)).build());
            WatchResponse created = out.poll(10, TimeUnit.SECONDS);
            assertThat(created).isNotNull();
            assertThat(created.getCreated()).isTrue();
            List<Long> revisions = new ArrayList<>();
            List<String> keys = new ArrayList<>();
            while (!revisions.contains(8L)) {
                WatchResponse r = out.poll(10, TimeUnit.SECONDS);
                assertThat(r).as("events up to revision 8").isNotNull();
                r.getEventsList().forEach(e -> {
                    revisions.add(e.getKv().getModRevision());
                    keys.add(e.getKv().getKey().toStringUtf8());
                });
            }
            assertThat(revisions).containsExactly(5L, 6L, 7L, 8L);
            assertThat(keys).containsExactly("a1", "a2", "a3", "m1");
        }
        assertThat(calls).hasSize(3);
        assertThat(calls.get(0).getStartRevision()).isEqualTo(5);
        assertThat(calls.subList(1, 3)).allSatisfy(c -> assertThat(c.getStartRevision()).isEqualTo(7));
        assertThat(calls.subList(1, 3)).extracting(c -> c.getContext().getShardId()).containsExactlyInAnyOrder(2L, 3L);
    }

    private final class Backend implements WatchBackend {
        @Override
        public List<ShardTarget> shards(ByteString key, ByteString end) {
            return shards.get();
        }

        @Override
        public void refresh() {
        }

        @Override
        public void leaderHint(long shardId, long nodeId, String hint) {
        }

        @Override
        public Channel channel(String target) {
            return channel;
        }

        @Override
        public long currentRevision() {
            return 100;
        }

        @Override
        public ResponseHeader header(long revision) {
            return ResponseHeader.newBuilder().setRevision(revision).build();
        }
    }
}
