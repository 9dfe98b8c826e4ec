package io.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.cairn.api.v3electionpb.CampaignRequest;
import io.cairn.api.v3electionpb.ElectionGrpc;
import io.cairn.api.v3electionpb.LeaderRequest;
import io.cairn.testkit.CairnDevProcess;
import io.cairn.testkit.Etcdctl;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.Election;
import io.etcd.jetcd.election.CampaignResponse;
import io.etcd.jetcd.election.LeaderKey;
import io.etcd.jetcd.election.LeaderResponse;
import io.etcd.jetcd.election.NoLeaderException;
import io.etcd.jetcd.election.NotLeaderException;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** etcd's Election service through the gateway of a real {@code cairn dev}, with etcdctl, jetcd and a raw gRPC stub. */
class ElectionEndToEndIT {
    @TempDir
    static Path tmp;
    static CairnDevProcess dev;
    static Etcdctl etcdctl;
    static String bobKey;
    static Client jetcd;

    @BeforeAll
    static void start() {
        dev = CairnDevProcess.start(tmp.resolve("data"));
        etcdctl = new Etcdctl(dev.endpoint());
        try (DevAdmin admin = new DevAdmin(dev)) {
            bobKey = admin.createTenantWithKey("bob");
        }
        jetcd = Client.builder().endpoints("http://" + dev.endpoint()).build();
    }

    @AfterAll
    static void stop() {
        if (jetcd != null) {
            jetcd.close();
        }
        if (dev != null) {
            dev.close();
        }
    }

    static ByteSequence bytes(String s) {
        return ByteSequence.from(s, StandardCharsets.UTF_8);
    }

    static String text(ByteSequence b) {
        return b.toString(StandardCharsets.UTF_8);
    }

    static List<String> keysUnder(String prefix) {
        return etcdctl.run("get", "--prefix", "--keys-only", prefix).stdout().lines().filter(l -> !l.isBlank()).toList();
    }

    @Test
    void etcdctlCampaignersTakeOverInOrderAndTheObserverSeesEachLeader() throws Exception {
        try (EtcdctlRunning first = new EtcdctlRunning(dev.endpoint(), List.of(), "elect", "pool", "one")) {
            String firstKey = first.take(20);
            assertThat(firstKey).startsWith("pool/");
            assertThat(first.take(5)).isEqualTo("one");
            try (EtcdctlRunning observer = new EtcdctlRunning(dev.endpoint(), List.of(), "elect", "-l", "pool");
                 EtcdctlRunning second = new EtcdctlRunning(dev.endpoint(), List.of(), "elect", "pool", "two")) {
                assertThat(observer.take(20)).isEqualTo(firstKey);
                assertThat(observer.take(5)).isEqualTo("one");
                assertThat(second.poll(1500)).as("a second campaigner waits while the first leads").isNull();
                first.close();
                String secondKey = second.take(20);
                assertThat(secondKey).startsWith("pool/").isNotEqualTo(firstKey);
                assertThat(second.take(5)).isEqualTo("two");
                assertThat(observer.take(20)).isEqualTo(secondKey);
                assertThat(observer.take(5)).isEqualTo("two");
            }
        }
        await("resigned on exit").atMost(Duration.ofSeconds(20)).until(() -> keysUnder("pool/").isEmpty());
    }

    @Test
    void campaignProclaimLeaderObserveResignWithJetcd() throws Exception {
        Election election = jetcd.getElectionClient();
        long lease = jetcd.getLeaseClient().grant(30).get().getID();
        CampaignResponse won = election.campaign(bytes("svc"), lease, bytes("host-a")).get(20, TimeUnit.SECONDS);
        LeaderKey leader = won.getLeader();
        assertThat(text(leader.getName())).isEqualTo("svc");
        assertThat(text(leader.getKey())).isEqualTo("svc/" + Long.toHexString(lease));
        assertThat(leader.getLease()).isEqualTo(lease);
        var kv = jetcd.getKVClient().get(leader.getKey()).get().getKvs().getFirst();
        assertThat(leader.getRevision()).as("rev is the key's create revision").isEqualTo(kv.getCreateRevision());

        List<String> seen = new CopyOnWriteArrayList<>();
        election.observe(bytes("svc"), new Election.Listener() {
            @Override
            public void onNext(LeaderResponse response) {
                seen.add(text(response.getKv().getValue()));
            }

            @Override
            public void onError(Throwable throwable) {
                seen.add("error: " + throwable);
            }

            @Override
            public void onCompleted() {
                seen.add("completed");
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> seen.contains("host-a"));

        election.proclaim(leader, bytes("host-a2")).get(10, TimeUnit.SECONDS);
        assertThat(text(election.leader(bytes("svc")).get(10, TimeUnit.SECONDS).getKv().getValue())).isEqualTo("host-a2");
        await().atMost(Duration.ofSeconds(10)).until(() -> seen.equals(List.of("host-a", "host-a2")));

        LeaderKey stale = new LeaderKey(leader.getName(), leader.getKey(), leader.getRevision() - 1, lease);
        assertThatThrownBy(() -> election.proclaim(stale, bytes("x")).get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(NotLeaderException.class);

        election.resign(leader).get(10, TimeUnit.SECONDS);
        assertThat(keysUnder("svc/")).isEmpty();
        assertThatThrownBy(() -> election.leader(bytes("svc")).get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(NoLeaderException.class);
        assertThatThrownBy(() -> election.proclaim(leader, bytes("after")).get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(NotLeaderException.class);
        jetcd.getLeaseClient().revoke(lease).get();
    }

    @Test
    void noLeaderIsEtcdsPlainError() {
        ManagedChannel channel = ManagedChannelBuilder.forTarget(dev.endpoint()).usePlaintext().build();
        try {
            assertThatThrownBy(() -> ElectionGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                    .leader(LeaderRequest.newBuilder().setName(ByteString.copyFromUtf8("nobody")).build()))
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNKNOWN);
                        assertThat(e.getStatus().getDescription()).isEqualTo("election: no leader");
                    });
        } finally {
            channel.shutdownNow();
        }
    }

    @Test
    void whenTheLeadersLeaseExpiresTheNextCampaignerLeads() throws Exception {
        Election election = jetcd.getElectionClient();
        long shortLease = jetcd.getLeaseClient().grant(2).get().getID();
        long longLease = jetcd.getLeaseClient().grant(30).get().getID();
        LeaderKey first = election.campaign(bytes("expiring"), shortLease, bytes("a")).get(20, TimeUnit.SECONDS).getLeader();
        CompletableFuture<CampaignResponse> next = election.campaign(bytes("expiring"), longLease, bytes("b"));
        LeaderKey second = next.get(30, TimeUnit.SECONDS).getLeader();
        assertThat(second.getRevision()).isGreaterThan(first.getRevision());
        assertThat(text(election.leader(bytes("expiring")).get(10, TimeUnit.SECONDS).getKv().getValue())).isEqualTo("b");
        assertThatThrownBy(() -> election.proclaim(first, bytes("a-again")).get(10, TimeUnit.SECONDS))
                .as("the expired leader can no longer proclaim").hasCauseInstanceOf(NotLeaderException.class);
        election.resign(second).get(10, TimeUnit.SECONDS);
    }

    @Test
    void aCampaignCancelledWhileWaitingWithdraws() throws Exception {
        long leaderLease = jetcd.getLeaseClient().grant(30).get().getID();
        long waiterLease = jetcd.getLeaseClient().grant(30).get().getID();
        LeaderKey leader = jetcd.getElectionClient().campaign(bytes("quit"), leaderLease, bytes("l")).get(20, TimeUnit.SECONDS)
                .getLeader();
        ManagedChannel channel = ManagedChannelBuilder.forTarget(dev.endpoint()).usePlaintext().build();
        try {
            CampaignRequest request = CampaignRequest.newBuilder().setName(ByteString.copyFromUtf8("quit"))
                    .setLease(waiterLease).setValue(ByteString.copyFromUtf8("w")).build();
            assertThatThrownBy(() -> ElectionGrpc.newBlockingStub(channel).withDeadlineAfter(1500, TimeUnit.MILLISECONDS)
                    .campaign(request))
                    .isInstanceOfSatisfying(StatusRuntimeException.class,
                            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED));
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        await("the cancelled campaign resigned").atMost(Duration.ofSeconds(10))
                .until(() -> keysUnder("quit/").equals(List.of(text(leader.getKey()))));
        jetcd.getElectionClient().resign(leader).get(10, TimeUnit.SECONDS);
    }

    @Test
    void electionsOfTwoTenantsAreIndependent() throws Exception {
        try (Client bob = Client.builder().endpoints("http://" + dev.endpoint())
                .user(bytes("bob")).password(bytes(bobKey)).build()) {
            long mine = jetcd.getLeaseClient().grant(30).get().getID();
            long bobs = bob.getLeaseClient().grant(30).get().getID();
            LeaderKey myLeader = jetcd.getElectionClient().campaign(bytes("team"), mine, bytes("dev")).get(20, TimeUnit.SECONDS)
                    .getLeader();
            assertThatThrownBy(() -> bob.getElectionClient().leader(bytes("team")).get(10, TimeUnit.SECONDS))
                    .as("bob sees no leader in his own space").isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(NoLeaderException.class);
            LeaderKey bobLeader = bob.getElectionClient().campaign(bytes("team"), bobs, bytes("bob")).get(20, TimeUnit.SECONDS)
                    .getLeader();
            assertThat(text(bob.getElectionClient().leader(bytes("team")).get(10, TimeUnit.SECONDS).getKv().getValue()))
                    .isEqualTo("bob");
            assertThat(text(jetcd.getElectionClient().leader(bytes("team")).get(10, TimeUnit.SECONDS).getKv().getValue()))
                    .isEqualTo("dev");
            assertThatThrownBy(() -> bob.getElectionClient().proclaim(myLeader, bytes("hijack")).get(10, TimeUnit.SECONDS))
                    .as("a leader key of another tenant is not bob's").hasCauseInstanceOf(NotLeaderException.class);
            bob.getElectionClient().resign(bobLeader).get(10, TimeUnit.SECONDS);
            jetcd.getElectionClient().resign(myLeader).get(10, TimeUnit.SECONDS);
        }
    }
}
