package io.cairn.gateway.concurrency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.cairn.api.v3lockpb.LockRequest;
import io.cairn.api.v3lockpb.LockResponse;
import io.cairn.api.v3lockpb.UnlockRequest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LockCoreTest {
    private final FakeTenantStore store = new FakeTenantStore();
    private final LockCore locks = new LockCore();

    private LockRequest request(String name, long lease) {
        return LockRequest.newBuilder().setName(ByteString.copyFromUtf8(name)).setLease(lease).build();
    }

    private CompletableFuture<LockResponse> lockAsync(String name, long lease, Cancellation cancel) {
        return CompletableFuture.supplyAsync(() -> locks.lock(store, request(name, lease), cancel));
    }

    private void unlock(LockResponse held) {
        locks.unlock(store, UnlockRequest.newBuilder().setKey(held.getKey()).build());
    }

    @Test
    void theVeryFirstWriteAtRevisionOneTakesTheLockAtOnce() {
        long lease = store.lease();
        LockResponse held = locks.lock(store, request("jobs", lease), new Cancellation());
        assertThat(held.getKey().toStringUtf8()).isEqualTo("jobs/" + Long.toHexString(lease));
        assertThat(held.getHeader().getRevision()).isEqualTo(1);
        assertThat(store.watched).isEmpty();
    }

    @Test
    void eachWaiterWatchesOnlyItsPredecessorAndTheyAcquireInOrder() throws Exception {
        long a = store.lease();
        long b = store.lease();
        long c = store.lease();
        LockResponse heldA = locks.lock(store, request("q", a), new Cancellation());
        CompletableFuture<LockResponse> waitingB = lockAsync("q", b, new Cancellation());
        await().atMost(Duration.ofSeconds(5)).until(() -> store.watched.size() == 1);
        CompletableFuture<LockResponse> waitingC = lockAsync("q", c, new Cancellation());
        await().atMost(Duration.ofSeconds(5)).until(() -> store.watched.size() == 2);
        assertThat(store.watched).containsExactly("q/" + Long.toHexString(a), "q/" + Long.toHexString(b));

        unlock(heldA);
        LockResponse heldB = waitingB.get(5, TimeUnit.SECONDS);
        assertThat(heldB.getKey().toStringUtf8()).isEqualTo("q/" + Long.toHexString(b));
        assertThat(waitingC).isNotDone();
        unlock(heldB);
        LockResponse heldC = waitingC.get(5, TimeUnit.SECONDS);
        assertThat(List.of(heldA.getHeader().getRevision(), heldB.getHeader().getRevision(), heldC.getHeader().getRevision()))
                .isSorted().doesNotHaveDuplicates();
        assertThat(store.openWatches()).isZero();
    }

    @Test
    void aCancelledWaiterDeletesItsKeyAndClosesItsWatch() throws Exception {
        long a = store.lease();
        long b = store.lease();
        locks.lock(store, request("c", a), new Cancellation());
        Cancellation cancel = new Cancellation();
        CompletableFuture<LockResponse> waiting = lockAsync("c", b, cancel);
        await().atMost(Duration.ofSeconds(5)).until(() -> store.watched.size() == 1);
        cancel.cancel();
        assertThatThrownBy(() -> waiting.get(5, TimeUnit.SECONDS))
                .hasCauseInstanceOf(ConcurrencyException.class).hasMessageContaining("context canceled");
        assertThat(store.keys()).containsExactly("c/" + Long.toHexString(a));
        assertThat(store.openWatches()).isZero();
    }

    @Test
    void aWaiterWhoseLeaseExpiredFindsItsSessionExpired() throws Exception {
        long a = store.lease();
        long b = store.lease();
        LockResponse heldA = locks.lock(store, request("s", a), new Cancellation());
        CompletableFuture<LockResponse> waiting = lockAsync("s", b, new Cancellation());
        await().atMost(Duration.ofSeconds(5)).until(() -> store.watched.size() == 1);
        store.expire(b);
        unlock(heldA);
        assertThatThrownBy(() -> waiting.get(5, TimeUnit.SECONDS))
                .hasCauseInstanceOf(ConcurrencyException.class).hasMessageContaining("mutex: session is expired");
    }

    @Test
    void theHolderLosesTheLockWhenItsLeaseExpires() throws Exception {
        long a = store.lease();
        long b = store.lease();
        LockResponse heldA = locks.lock(store, request("e", a), new Cancellation());
        CompletableFuture<LockResponse> waiting = lockAsync("e", b, new Cancellation());
        await().atMost(Duration.ofSeconds(5)).until(() -> store.watched.size() == 1);
        store.expire(a);
        LockResponse heldB = waiting.get(5, TimeUnit.SECONDS);
        assertThat(heldB.getHeader().getRevision()).isGreaterThan(heldA.getHeader().getRevision());
        assertThat(store.get(heldA.getKey().toStringUtf8())).isEmpty();
    }

    @Test
    void lockingAgainWithTheSameLeaseIsOneAcquisitionAndLeaseZeroGetsASession() {
        long a = store.lease();
        LockResponse first = locks.lock(store, request("r", a), new Cancellation());
        LockResponse again = locks.lock(store, request("r", a), new Cancellation());
        assertThat(again.getKey()).isEqualTo(first.getKey());
        LockResponse granted = locks.lock(store, request("z", 0), new Cancellation());
        long lease = store.get(granted.getKey().toStringUtf8()).orElseThrow().getLease();
        assertThat(lease).isNotZero();
        assertThat(granted.getKey().toStringUtf8()).isEqualTo("z/" + Long.toHexString(lease));
    }

    @Test
    void contenderKeysUseGosHexFormatting() {
        ByteString prefix = Recipes.prefix(ByteString.copyFromUtf8("n"));
        assertThat(Recipes.contenderKey(prefix, 0x694d81d3d7c4a5e3L).toStringUtf8()).isEqualTo("n/694d81d3d7c4a5e3");
        assertThat(Recipes.contenderKey(prefix, -5).toStringUtf8()).isEqualTo("n/-5");
        assertThat(Recipes.prefixEnd(ByteString.copyFromUtf8("n/")).toStringUtf8()).isEqualTo("n0");
    }
}
