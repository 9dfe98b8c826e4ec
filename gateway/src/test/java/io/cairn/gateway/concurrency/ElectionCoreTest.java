package io.cairn.gateway.concurrency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.cairn.api.v3electionpb.CampaignRequest;
import io.cairn.api.v3electionpb.CampaignResponse;
import io.cairn.api.v3electionpb.LeaderKey;
import io.cairn.api.v3electionpb.LeaderRequest;
import io.cairn.api.v3electionpb.ProclaimRequest;
import io.cairn.api.v3electionpb.ResignRequest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ElectionCoreTest {
    private final FakeTenantStore store = new FakeTenantStore();
    private final ElectionCore elections = new ElectionCore();

    private static ByteString bytes(String s) {
        return ByteString.copyFromUtf8(s);
    }

    private CampaignResponse campaign(String name, long lease, String value) {
        return elections.campaign(store, CampaignRequest.newBuilder().setName(bytes(name)).setLease(lease)
                .setValue(bytes(value)).build(), new Cancellation());
    }

    private String leaderValue(String name) {
        return elections.leader(store, LeaderRequest.newBuilder().setName(bytes(name)).build()).getKv().getValue().toStringUtf8();
    }

    @Test
    void campaignProclaimResignAndTheErrorsOfEtcd() {
        assertThatThrownBy(() -> leaderValue("e")).isInstanceOf(ConcurrencyException.class).hasMessage("election: no leader");
        long lease = store.lease();
        LeaderKey leader = campaign("e", lease, "one").getLeader();
        assertThat(leader.getKey().toStringUtf8()).isEqualTo("e/" + Long.toHexString(lease));
        assertThat(leader.getRev()).isEqualTo(store.get("e/" + Long.toHexString(lease)).orElseThrow().getCreateRevision());
        assertThat(leaderValue("e")).isEqualTo("one");

        elections.proclaim(store, ProclaimRequest.newBuilder().setLeader(leader).setValue(bytes("two")).build());
        assertThat(leaderValue("e")).isEqualTo("two");
        LeaderKey stale = leader.toBuilder().setRev(leader.getRev() + 7).build();
        assertThatThrownBy(() -> elections.proclaim(store, ProclaimRequest.newBuilder().setLeader(stale).build()))
                .isInstanceOf(ConcurrencyException.class).hasMessage("election: not leader");
        assertThatThrownBy(() -> elections.proclaim(store, ProclaimRequest.getDefaultInstance()))
                .hasMessage("\"leader\" field must be provided");

        elections.resign(store, ResignRequest.newBuilder().setLeader(stale).build());
        assertThat(leaderValue("e")).as("resigning a leadership that is not ours changes nothing").isEqualTo("two");
        elections.resign(store, ResignRequest.newBuilder().setLeader(leader).build());
        assertThat(store.keys()).isEmpty();
    }

    @Test
    void campaigningAgainWithAnotherValueProclaimsIt() {
        long lease = store.lease();
        LeaderKey first = campaign("p", lease, "a").getLeader();
        LeaderKey again = campaign("p", lease, "b").getLeader();
        assertThat(again.getRev()).isEqualTo(first.getRev());
        assertThat(leaderValue("p")).isEqualTo("b");
    }

    @Test
    void theObserverSeesEachLeaderAndEachValueInOrder() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        Cancellation stop = new Cancellation();
        CompletableFuture<Void> observing = CompletableFuture.runAsync(() -> elections.observe(store,
                LeaderRequest.newBuilder().setName(bytes("o")).build(), stop, r -> seen.add(r.getKv().getValue().toStringUtf8())));
        await().atMost(Duration.ofSeconds(5)).until(() -> store.watched.size() == 1);
        long a = store.lease();
        long b = store.lease();
        LeaderKey first = campaign("o", a, "a1").getLeader();
        await().atMost(Duration.ofSeconds(5)).until(() -> seen.equals(List.of("a1")));
        CompletableFuture<CampaignResponse> second = CompletableFuture.supplyAsync(() -> campaign("o", b, "b1"));
        await().atMost(Duration.ofSeconds(5)).until(() -> store.watched.size() == 3);
        elections.proclaim(store, ProclaimRequest.newBuilder().setLeader(first).setValue(bytes("a2")).build());
        await().atMost(Duration.ofSeconds(5)).until(() -> seen.equals(List.of("a1", "a2")));
        store.expire(a);
        assertThat(second.get(5, TimeUnit.SECONDS).getLeader().getRev()).isGreaterThan(first.getRev());
        await().atMost(Duration.ofSeconds(5)).until(() -> seen.equals(List.of("a1", "a2", "b1")));
        stop.cancel();
        observing.get(5, TimeUnit.SECONDS);
        assertThat(store.openWatches()).isZero();
    }
}
