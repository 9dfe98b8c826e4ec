package io.cairn.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.cairn.api.meta.RouteTable;
import io.cairn.api.meta.ShardStats;
import io.cairn.api.meta.Tenant;
import io.cairn.api.placement.NodeHeartbeat;
import io.cairn.api.placement.RegisterNodeRequest;
import io.cairn.api.placement.AllocateRevisionsResponse;
import io.cairn.api.placement.ControlPlaneStatusRequest;
import io.cairn.api.placement.PlacementGrpc;
import io.cairn.controlplane.client.PlacementClient;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(180)
class ThreeReplicaFailoverTest {
    @TempDir
    Path dir;

    @Test
    void revisionsStayUniqueAndIncreasingAcrossALeaderFailover() throws Exception {
        try (ControlPlaneCluster cluster = new ControlPlaneCluster(dir, 3, 1, List.of(), 0)) {
            ControlPlane leader = cluster.leader();
            PlacementClient client = cluster.client();
            Tenant acme = client.createTenant("acme", "free");

            int callers = 4;
            List<List<Long>> seen = new ArrayList<>();
            ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
            AtomicBoolean stop = new AtomicBoolean();
            CountDownLatch warmedUp = new CountDownLatch(callers);
            List<Thread> threads = new ArrayList<>();
            for (int c = 0; c < callers; c++) {
                List<Long> mine = new ArrayList<>();
                seen.add(mine);
                int count = c + 1;
                threads.add(Thread.ofPlatform().start(() -> {
                    try {
                        while (!stop.get()) {
                            AllocateRevisionsResponse r = client.allocateRevisions(count).get(30, TimeUnit.SECONDS);
                            for (long rev = r.getFirst(); rev < r.getFirst() + r.getCount(); rev++) {
                                mine.add(rev);
                            }
                            if (mine.size() >= 20 * count) {
                                warmedUp.countDown();
                            }
                        }
                    } catch (Exception e) {
                        errors.add(e);
                        warmedUp.countDown();
                    }
                }));
            }
            assertThat(warmedUp.await(30, TimeUnit.SECONDS)).isTrue();
            int oldLeader = cluster.indexOf(leader);
            int sizeAtKill = seen.stream().mapToInt(List::size).sum();
            cluster.stop(oldLeader);

            ControlPlane newLeader = cluster.leader();
            assertThat(cluster.indexOf(newLeader)).isNotEqualTo(oldLeader);
            Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> seen.stream().mapToInt(List::size).sum() > sizeAtKill + 200);
            stop.set(true);
            for (Thread t : threads) {
                t.join(30_000);
            }
            assertThat(errors).isEmpty();

            Set<Long> all = new HashSet<>();
            for (List<Long> mine : seen) {
                for (int i = 1; i < mine.size(); i++) {
                    if (mine.get(i) <= mine.get(i - 1)) {
                        fail("revision went backwards for one caller: " + mine.get(i - 1) + " then " + mine.get(i));
                    }
                }
                for (long rev : mine) {
                    assertThat(all.add(rev)).as("revision %d handed out twice", rev).isTrue();
                }
            }
            assertThat(client.listTenants()).containsExactly(acme);
            assertThat(client.status().getMembersList()).hasSize(3)
                    .filteredOn(m -> m.getLeader()).singleElement()
                    .satisfies(m -> assertThat(m.getRpcAddress()).isEqualTo(newLeader.rpcAddress()));
        }
    }

    @Test
    void aFollowerAnswersUnavailableWithTheLeadersAddress() throws Exception {
        try (ControlPlaneCluster cluster = new ControlPlaneCluster(dir, 3, 1, List.of(), 0)) {
            ControlPlane leader = cluster.leader();
            // the leader announces its address through Raft right after its election
            cluster.client().createTenant("wait-for-leader", "");
            ControlPlane follower = cluster.replica((cluster.indexOf(leader) + 1) % 3);
            Awaitility.await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(callStatus(follower.rpcAddress())).satisfies(e -> {
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
                        assertThat(e.getTrailers().get(Metadata.Key.of("cairn-leader",
                                Metadata.ASCII_STRING_MARSHALLER))).isEqualTo(leader.rpcAddress());
                    }));
        }
    }

    @Test
    void routeWatchersAndNodesFollowTheNewLeader() throws Exception {
        try (ControlPlaneCluster cluster = new ControlPlaneCluster(dir, 3, 1, List.of(), 0)) {
            PlacementClient client = cluster.client();
            long node = client.registerNode(RegisterNodeRequest.newBuilder()
                    .setRaftAddress("127.0.0.1:7001").setRpcAddress("127.0.0.1:7002").build()).getNodeId();
            long shard = client.getRoutes(0).getShards(0).getShard().getId();
            List<RouteTable> seen = new CopyOnWriteArrayList<>();
            try (AutoCloseable watch = client.watchRoutes(0, seen::add)) {
                Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !seen.isEmpty());
                cluster.stop(cluster.indexOf(cluster.leader()));
                cluster.leader();
                client.heartbeat(NodeHeartbeat.newBuilder().setNodeId(node).addShards(ShardStats.newBuilder()
                        .setShardId(shard).setLeader(true).setTerm(2)).build());
                Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                    RouteTable last = seen.get(seen.size() - 1);
                    assertThat(last.getShards(0).getLeaderNodeId()).isEqualTo(node);
                    assertThat(last.getShards(0).getTerm()).isEqualTo(2);
                });
                assertThat(seen).extracting(RouteTable::getVersion).isSorted().doesNotHaveDuplicates();
            }
        }
    }

    private static StatusRuntimeException callStatus(String address) throws InterruptedException {
        ManagedChannel channel = NettyChannelBuilder.forTarget(address).usePlaintext().build();
        try {
            Metadata auth = new Metadata();
            auth.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
                    "Bearer " + ControlPlaneCluster.TOKEN);
            PlacementGrpc.newBlockingStub(channel)
                    .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(auth))
                    .withDeadlineAfter(5, TimeUnit.SECONDS)
                    .controlPlaneStatus(ControlPlaneStatusRequest.getDefaultInstance());
            throw new AssertionError("a follower answered a status call");
        } catch (StatusRuntimeException e) {
            return e;
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
