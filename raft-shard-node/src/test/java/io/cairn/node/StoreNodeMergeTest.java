package io.cairn.node;

import static io.cairn.node.ClusterSpec.key;
import static io.cairn.node.ClusterSpec.tenantPrefix;
import static io.cairn.node.StoreNodeMembershipTest.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.cairn.api.etcdserverpb.LeaseGrantRequest;
import io.cairn.api.etcdserverpb.LeaseRevokeRequest;
import io.cairn.api.etcdserverpb.LeaseTimeToLiveRequest;
import io.cairn.api.etcdserverpb.PutRequest;
import io.cairn.api.etcdserverpb.RangeRequest;
import io.cairn.api.meta.NodeDescriptor;
import io.cairn.api.meta.OperatorKind;
import io.cairn.api.meta.OperatorState;
import io.cairn.api.meta.RouteTable;
import io.cairn.api.meta.ShardRoute;
import io.cairn.api.meta.ShardStats;
import io.cairn.api.mvccpb.Event;
import io.cairn.api.shard.KvErrorCode;
import io.cairn.api.shard.ShardKvGrpc;
import io.cairn.api.shard.ShardLeaseRequest;
import io.cairn.api.shard.ShardRequest;
import io.cairn.api.shard.ShardRequestContext;
import io.cairn.api.shard.ShardResponse;
import io.cairn.api.shard.ShardWatchRequest;
import io.cairn.api.shard.ShardWatchResponse;
import io.cairn.controlplane.SchedulingConfig;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The merge checker merges two small adjacent shards (two tenants) of a live cluster (real
 * JRaft, real control plane) under continuous writes to both: every acknowledged write is
 * readable afterwards through the new routes, history reads and a watch replay across the
 * former boundary are right, a lease whose home was the source lives on in the merged shard,
 * and the source's replicas are retired.
 */
class StoreNodeMergeTest {
    private static final long MERGE_DELAY_MS = 12_000;

    @TempDir
    Path dir;
    private ScheduledCluster cluster;
    private RoutedKv kv;
    private ManagedChannel watchChannel;

    @AfterEach
    void stop() {
        if (watchChannel != null) {
            watchChannel.shutdownNow();
        }
        if (kv != null) {
            kv.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @ParameterizedTest(name = "{0} replica(s)")
    @ValueSource(ints = {3, 1})
    void smallAdjacentShardsMergeUnderWritesAndLoseNothing(int replicas) throws Exception {
        SchedulingConfig scheduling = ScheduledCluster.fastScheduling()
                .withMerge(true, 1L << 30, 1_000_000, MERGE_DELAY_MS);
        cluster = ScheduledCluster.start(dir, replicas, List.of(tenantPrefix(2)), 30_000, scheduling);
        for (int i = 0; i < replicas; i++) {
            cluster.addNode();
        }
        RouteTable before = await("two shards with leaders").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250)).until(cluster::routes, t -> t.getShardsCount() == 2
                        && t.getShardsList().stream().allMatch(r -> r.getLeaderNodeId() != 0));
        long targetId = before.getShards(0).getShard().getId();
        long sourceId = before.getShards(1).getShard().getId();
        kv = new RoutedKv(cluster::routes);

        Map<ByteString, String> written = new HashMap<>();
        long firstRevision = kv.put(key(1, "h"), "old-1").orElseThrow();
        long sourceOld = kv.put(key(2, "h"), "old-2").orElseThrow();
        kv.put(key(1, "h"), "new-1").orElseThrow();
        kv.put(key(2, "h"), "new-2").orElseThrow();
        written.put(key(1, "h"), "new-1");
        written.put(key(2, "h"), "new-2");
        // a lease of tenant 2, whose lease home is the source, with one key attached
        long leaseId = 4242;
        ShardRequest.Builder grant = ShardRequest.newBuilder().setLease(ShardLeaseRequest.newBuilder()
                .setTenant(tenantPrefix(2)).setGrant(LeaseGrantRequest.newBuilder().setID(leaseId).setTTL(600)));
        assertThat(onLeader(sourceId, grant, r -> r.hasLeaseGrant()
                || r.getError().getKvError().getCode() == KvErrorCode.LEASE_EXISTS)).isTrue();
        ShardRequest.Builder leasedPut = ShardRequest.newBuilder().setPut(PutRequest.newBuilder()
                .setKey(key(2, "leased")).setValue(ByteString.copyFromUtf8("l")).setLease(leaseId));
        assertThat(onLeader(sourceId, leasedPut, ShardResponse::hasPut)).isTrue();
        BackgroundWriter writer = new BackgroundWriter(kv, List.of(1L, 2L), "m");

        RouteTable merged = cluster.awaitSettled(1, replicas, Duration.ofSeconds(120));
        ShardRoute route = merged.getShards(0);
        assertThat(route.getShard().getId()).isEqualTo(targetId);
        assertThat(route.getShard().getStartKey()).isEqualTo(before.getShards(0).getShard().getStartKey());
        assertThat(route.getShard().getEndKey()).isEqualTo(before.getShards(1).getShard().getEndKey());
        assertThat(route.getShard().getEpoch().getVersion())
                .isGreaterThan(Math.max(before.getShards(0).getShard().getEpoch().getVersion(),
                        before.getShards(1).getShard().getEpoch().getVersion()));
        assertThat(cluster.admin().listOperators().getFinishedList()).anySatisfy(op -> {
            assertThat(op.getKind()).isEqualTo(OperatorKind.MERGE);
            assertThat(op.getState()).isEqualTo(OperatorState.OPERATOR_SUCCEEDED);
        });
        int afterMerge = writer.acknowledgedCount();
        await("writes go on after the merge").atMost(Duration.ofSeconds(30))
                .until(() -> writer.acknowledgedCount() >= afterMerge + 20);
        written.putAll(writer.stop());
        assertThat(written.keySet()).anyMatch(k -> k.startsWith(tenantPrefix(1)))
                .anyMatch(k -> k.startsWith(tenantPrefix(2)));

        // every acknowledged write, through the routes the control plane now publishes
        written.forEach((k, v) -> assertThat(value(kv.get(k))).as("key %s", k.toStringUtf8()).contains(v));
        try (NodeClient leader = new NodeClient(rpcOf(merged, targetId))) {
            // one range across the former boundary
            ShardResponse all = leader.execute(request(route).setRange(RangeRequest.newBuilder()
                    .setKey(tenantPrefix(1)).setRangeEnd(tenantPrefix(3)).setCountOnly(true)).build());
            assertThat(all.getRange().getCount()).as("every written key and the leased one")
                    .isEqualTo(written.size() + 1);
            // history of keys from both former shards
            assertThat(valueAt(leader, route, key(2, "h"), sourceOld)).isEqualTo("old-2");
            assertThat(valueAt(leader, route, key(1, "h"), sourceOld)).isEqualTo("old-1");
            // a watch from before the merge replays both former shards' events in revision order
            List<Event> events = replay(merged, route, firstRevision, written.size() + 2);
            assertThat(events).extracting(e -> e.getKv().getModRevision()).isSorted();
            assertThat(events).extracting(e -> e.getKv().getKey().substring(0, 8))
                    .contains(tenantPrefix(1), tenantPrefix(2));
            assertThat(events).filteredOn(e -> e.getKv().getKey().equals(key(2, "h")))
                    .extracting(e -> e.getKv().getValue().toStringUtf8()).containsExactly("old-2", "new-2");
            // the lease moved with its home: the merged shard knows it, its key, and revokes it
            ShardResponse ttl = leader.execute(request(route).setLease(ShardLeaseRequest.newBuilder()
                    .setTenant(tenantPrefix(2)).setTimeToLive(LeaseTimeToLiveRequest.newBuilder().setID(leaseId)
                            .setKeys(true))).build());
            assertThat(ttl.getLeaseTimeToLive().getTTL()).as("ttl %s", ttl).isPositive();
            assertThat(ttl.getLeaseTimeToLive().getKeysList()).contains(key(2, "leased"));
            assertThat(leader.execute(request(route).setLease(ShardLeaseRequest.newBuilder()
                    .setTenant(tenantPrefix(2)).setRevoke(LeaseRevokeRequest.newBuilder().setID(leaseId))).build())
                    .hasLeaseRevoke()).isTrue();
            assertThat(value(kv.get(key(2, "leased")))).isEmpty();
        }
        // the source's replicas are retired on every node
        for (NodeDescriptor node : merged.getNodesList()) {
            try (NodeClient client = new NodeClient(node.getRpcAddress())) {
                await("shard " + sourceId + " retired on node " + node.getId()).atMost(Duration.ofSeconds(30))
                        .until(() -> client.status().getShardsList().stream().map(ShardStats::getShardId)
                                .noneMatch(id -> id == sourceId));
            }
        }
    }

    /** Sends the request to the shard's current leader (fresh routes) until {@code done} accepts an answer. */
    private boolean onLeader(long shardId, ShardRequest.Builder request, Predicate<ShardResponse> done) {
        return await("shard " + shardId + " answers").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100)).until(() -> {
                    RouteTable table = cluster.routes();
                    ShardRoute route = table.getShardsList().stream().filter(r -> r.getShard().getId() == shardId)
                            .findFirst().orElseThrow();
                    try (NodeClient client = new NodeClient(rpcOf(table, shardId))) {
                        return done.test(client.execute(request.clone().setContext(request(route).getContext())
                                .build()));
                    } catch (StatusRuntimeException | java.util.NoSuchElementException e) {
                        return false;
                    }
                }, ok -> ok);
    }

    private List<Event> replay(RouteTable table, ShardRoute route, long from, int expected) throws Exception {
        watchChannel = NettyChannelBuilder.forTarget(rpcOf(table, route.getShard().getId())).usePlaintext().build();
        LinkedBlockingQueue<ShardWatchResponse> out = new LinkedBlockingQueue<>();
        ShardKvGrpc.newStub(watchChannel).watch(ShardWatchRequest.newBuilder()
                .setContext(ShardRequestContext.newBuilder().setShardId(route.getShard().getId())
                        .setEpoch(route.getShard().getEpoch()))
                .setKey(tenantPrefix(1)).setRangeEnd(tenantPrefix(3)).setStartRevision(from).build(),
                new StreamObserver<>() {
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
        List<Event> events = new ArrayList<>();
        while (events.size() < expected) {
            ShardWatchResponse r = out.poll(20, TimeUnit.SECONDS);
            assertThat(r).as("watch message after %d events", events.size()).isNotNull();
            assertThat(r.hasError()).as("watch error %s", r).isFalse();
            assertThat(r.getCompactRevision()).isZero();
            events.addAll(r.getEventsList());
        }
        return events;
    }

    private static String valueAt(NodeClient client, ShardRoute route, ByteString key, long revision) {
        ShardResponse response = client.execute(request(route)
                .setRange(RangeRequest.newBuilder().setKey(key).setRevision(revision)).build());
        assertThat(response.hasRange()).as("range %s", response).isTrue();
        return response.getRange().getKvs(0).getValue().toStringUtf8();
    }

    private static ShardRequest.Builder request(ShardRoute route) {
        return ShardRequest.newBuilder().setContext(ShardRequestContext.newBuilder()
                .setShardId(route.getShard().getId()).setEpoch(route.getShard().getEpoch()));
    }

    private static String rpcOf(RouteTable table, long shardId) {
        long leader = table.getShardsList().stream().filter(r -> r.getShard().getId() == shardId).findFirst()
                .orElseThrow().getLeaderNodeId();
        return table.getNodesList().stream().filter(n -> n.getId() == leader).map(NodeDescriptor::getRpcAddress)
                .findFirst().orElseThrow();
    }
}
