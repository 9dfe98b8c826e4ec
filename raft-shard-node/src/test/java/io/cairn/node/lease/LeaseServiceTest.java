package io.cairn.node.lease;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.cairn.api.etcdserverpb.LeaseGrantRequest;
import io.cairn.api.etcdserverpb.LeaseKeepAliveRequest;
import io.cairn.api.etcdserverpb.LeaseLeasesRequest;
import io.cairn.api.etcdserverpb.LeaseRevokeRequest;
import io.cairn.api.etcdserverpb.LeaseTimeToLiveRequest;
import io.cairn.api.etcdserverpb.LeaseTimeToLiveResponse;
import io.cairn.api.etcdserverpb.PutRequest;
import io.cairn.api.etcdserverpb.RangeRequest;
import io.cairn.api.shard.KvErrorCode;
import io.cairn.api.shard.ShardCommand;
import io.cairn.api.shard.ShardLeaseRequest;
import io.cairn.api.shard.ShardResponse;
import io.cairn.node.mvcc.MvccStore;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The leader half of leases over a real store and a synchronous stand-in for the Raft log,
 * on a virtual clock: expiry by the leader only, keepalive, checkpoints across leader changes.
 */
class LeaseServiceTest {
    private static final ByteString TENANT = ByteString.copyFrom(ByteBuffer.allocate(8).putLong(7).array());
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    @TempDir
    Path dir;
    private MvccStore store;
    private final AtomicLong clock = new AtomicLong(1_000 * SECOND);
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    private long index = 1;
    private long revision = 1;
    private boolean leader;
    private LeaseService service;

    @BeforeEach
    void open() {
        store = MvccStore.open(dir);
        service = newService();
    }

    @AfterEach
    void close() {
        service.close();
        timers.shutdownNow();
        store.close();
    }

    /** A replica's lease service; the tick is driven by the test. */
    private LeaseService newService() {
        LeaseContext.LeaseTuning tuning = new LeaseContext.LeaseTuning(Duration.ofHours(1), Duration.ofSeconds(5), 2);
        LeaseService[] self = new LeaseService[1];
        self[0] = new LeaseService(new LeaseContext(store,
                command -> apply(self[0], command.toBuilder().setRevision(revision++).build()),
                command -> apply(self[0], command.toBuilder().setRevision(0).build()),
                () -> leader, timers, clock::get, tuning, LeaseContext.LeaseFanOut.NONE));
        return self[0];
    }

    private CompletableFuture<ShardResponse> apply(LeaseService to, ShardCommand command) {
        ShardResponse response = store.apply(command, index++);
        to.applied(command, response);
        return CompletableFuture.completedFuture(response);
    }

    private void lead(LeaseService s) {
        leader = true;
        s.leaderStarted();
    }

    private ShardResponse call(ShardLeaseRequest.Builder request) {
        return service.execute(request.setTenant(TENANT).build()).join();
    }

    private long grant(long id, long ttl) {
        return call(ShardLeaseRequest.newBuilder().setGrant(LeaseGrantRequest.newBuilder().setID(id).setTTL(ttl)))
                .getLeaseGrant().getID();
    }

    private LeaseTimeToLiveResponse ttl(long id) {
        return call(ShardLeaseRequest.newBuilder().setTimeToLive(
                LeaseTimeToLiveRequest.newBuilder().setID(id).setKeys(true))).getLeaseTimeToLive();
    }

    private long keepAlive(long id) {
        return call(ShardLeaseRequest.newBuilder().setKeepAlive(LeaseKeepAliveRequest.newBuilder().setID(id)))
                .getLeaseKeepAlive().getTTL();
    }

    private void advance(long seconds) {
        clock.addAndGet(seconds * SECOND);
    }

    private void putWithLease(String key, long lease) {
        ShardCommand put = ShardCommand.newBuilder().setRevision(revision++).setPut(PutRequest.newBuilder()
                .setKey(TENANT.concat(ByteString.copyFromUtf8(key))).setLease(lease)).build();
        assertThat(store.apply(put, index++).hasPut()).isTrue();
    }

    private long keys() {
        return store.range(RangeRequest.newBuilder().setKey(TENANT)
                .setRangeEnd(ByteString.copyFrom(ByteBuffer.allocate(8).putLong(8).array())).setCountOnly(true)
                .build()).getRange().getCount();
    }

    @Test
    void grantKeepAliveAndTimeToLive() {
        lead(service);
        long id = grant(0, 10);
        assertThat(id).isPositive();
        putWithLease("a", id);
        assertThat(ttl(id).getTTL()).isEqualTo(10);
        assertThat(ttl(id).getGrantedTTL()).isEqualTo(10);
        assertThat(ttl(id).getKeysList()).containsExactly(TENANT.concat(ByteString.copyFromUtf8("a")));
        advance(4);
        assertThat(ttl(id).getTTL()).isEqualTo(6);
        assertThat(keepAlive(id)).isEqualTo(10);
        advance(4);
        assertThat(ttl(id).getTTL()).isEqualTo(6);
        assertThat(grant(0, 1)).isPositive();
        assertThat(call(ShardLeaseRequest.newBuilder().setLeases(LeaseLeasesRequest.getDefaultInstance()))
                .getLeaseLeases().getLeasesCount()).isEqualTo(2);
    }

    @Test
    void minimumTtlAndDuplicateIds() {
        lead(service);
        ShardResponse granted = call(ShardLeaseRequest.newBuilder().setGrant(LeaseGrantRequest.newBuilder().setID(9).setTTL(1)));
        assertThat(granted.getLeaseGrant().getTTL()).isEqualTo(2);
        ShardResponse again = call(ShardLeaseRequest.newBuilder().setGrant(LeaseGrantRequest.newBuilder().setID(9).setTTL(5)));
        assertThat(again.getError().getKvError().getCode()).isEqualTo(KvErrorCode.LEASE_EXISTS);
    }

    @Test
    void missingLeasesAnswerLikeEtcd() {
        lead(service);
        assertThat(keepAlive(42)).isZero();
        assertThat(ttl(42).getTTL()).isEqualTo(-1);
        ShardResponse revoked = call(ShardLeaseRequest.newBuilder().setRevoke(LeaseRevokeRequest.newBuilder().setID(42)));
        assertThat(revoked.getError().getKvError().getCode()).isEqualTo(KvErrorCode.LEASE_NOT_FOUND);
    }

    @Test
    void onlyTheLeaderExpiresLeasesAndExpiryDeletesTheKeys() {
        lead(service);
        long id = grant(0, 10);
        putWithLease("a", id);
        putWithLease("b", id);
        service.leaderStopped();
        leader = false;
        advance(30);
        service.tick();
        assertThat(store.lease(TENANT, id)).as("a follower never expires").isPresent();

        lead(service);
        service.tick();
        assertThat(store.lease(TENANT, id)).as("a new leader gives the full remaining TTL").isPresent();
        advance(9);
        service.tick();
        assertThat(keys()).isEqualTo(2);
        assertThat(keepAlive(id)).isEqualTo(10);
        advance(11);
        assertThat(keepAlive(id)).as("past its deadline, a lease cannot be renewed").isZero();
        service.tick();
        assertThat(store.lease(TENANT, id)).isEmpty();
        assertThat(keys()).isZero();
        assertThat(ttl(id).getTTL()).isEqualTo(-1);
    }

    @Test
    void checkpointKeepsTheRemainingTtlAcrossALeaderChange() {
        lead(service);
        long id = grant(0, 60);
        advance(20);
        service.tick();
        assertThat(store.lease(TENANT, id).orElseThrow().getRemainingTtl())
                .as("silent for less than half its TTL: no checkpoint").isZero();
        advance(11);
        service.tick();
        assertThat(store.lease(TENANT, id).orElseThrow().getRemainingTtl()).isEqualTo(29);
        service.leaderStopped();
        service.close();

        service = newService();
        advance(100);
        lead(service);
        assertThat(ttl(id).getTTL()).isEqualTo(29);
        advance(28);
        service.tick();
        assertThat(store.lease(TENANT, id)).isPresent();
        advance(2);
        service.tick();
        assertThat(store.lease(TENANT, id)).isEmpty();
    }

    @Test
    void keepAliveResetsALoweredCheckpoint() {
        lead(service);
        long id = grant(0, 60);
        advance(40);
        service.tick();
        assertThat(store.lease(TENANT, id).orElseThrow().getRemainingTtl()).isEqualTo(20);
        assertThat(keepAlive(id)).isEqualTo(60);
        assertThat(store.lease(TENANT, id).orElseThrow().getRemainingTtl()).as("full TTL again").isZero();
        service.leaderStopped();
        lead(service);
        advance(59);
        service.tick();
        assertThat(store.lease(TENANT, id)).isPresent();
    }
}
