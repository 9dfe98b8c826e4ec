package io.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.cairn.api.v3lockpb.LockGrpc;
import io.cairn.api.v3lockpb.LockRequest;
import io.cairn.testkit.CairnDevProcess;
import io.cairn.testkit.Etcdctl;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.lock.LockResponse;
import io.etcd.jetcd.options.GetOption;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** etcd's Lock service through the gateway of a real {@code cairn dev}, with etcdctl, jetcd and a raw gRPC stub. */
class LockEndToEndIT {
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

    static List<String> keysUnder(String prefix) {
        String out = etcdctl.run("get", "--prefix", "--keys-only", prefix).stdout();
        return out.lines().filter(l -> !l.isBlank()).toList();
    }

    @Test
    void aSecondEtcdctlLockWaitsUntilTheHolderExits() throws Exception {
        try (EtcdctlRunning holder = new EtcdctlRunning(dev.endpoint(), List.of(), "lock", "jobs")) {
            String held = holder.take(20);
            assertThat(held).startsWith("jobs/");
            try (EtcdctlRunning waiter = new EtcdctlRunning(dev.endpoint(), List.of(), "lock", "jobs")) {
                assertThat(waiter.poll(1500)).as("the waiter must not get the lock while it is held").isNull();
                assertThat(keysUnder("jobs/")).as("the holder's key and the waiter's").hasSize(2).contains(held);
                holder.close();
                String next = waiter.take(20);
                assertThat(next).startsWith("jobs/").isNotEqualTo(held);
                assertThat(keysUnder("jobs/")).containsExactly(next);
            }
        }
        await("the last holder's key is gone").atMost(Duration.ofSeconds(20)).until(() -> keysUnder("jobs/").isEmpty());
    }

    @Test
    void aKilledHolderLosesTheLockWhenItsLeaseExpires() throws Exception {
        try (EtcdctlRunning holder = new EtcdctlRunning(dev.endpoint(), List.of(), "lock", "--ttl=3", "crash")) {
            String held = holder.take(20);
            EtcdctlRunning waiter = new EtcdctlRunning(dev.endpoint(), List.of(), "lock", "crash");
            try {
                assertThat(waiter.poll(1000)).isNull();
                holder.kill9();
                assertThat(keysUnder("crash/")).as("kill -9 cannot revoke: the key stays until expiry").contains(held);
                String next = waiter.take(30);
                assertThat(next).startsWith("crash/").isNotEqualTo(held);
                assertThat(keysUnder("crash/")).containsExactly(next);
            } finally {
                waiter.close();
            }
        }
    }

    @Test
    void aWaiterWhoseCallIsCancelledLeavesTheQueue() throws Exception {
        long holderLease = jetcd.getLeaseClient().grant(30).get().getID();
        long waiterLease = jetcd.getLeaseClient().grant(30).get().getID();
        LockResponse held = jetcd.getLockClient().lock(bytes("cancel"), holderLease).get(20, TimeUnit.SECONDS);
        ManagedChannel channel = ManagedChannelBuilder.forTarget(dev.endpoint()).usePlaintext().build();
        try {
            LockRequest request = LockRequest.newBuilder().setName(ByteString.copyFromUtf8("cancel")).setLease(waiterLease).build();
            assertThatThrownBy(() -> LockGrpc.newBlockingStub(channel).withDeadlineAfter(1500, TimeUnit.MILLISECONDS)
                    .lock(request))
                    .isInstanceOfSatisfying(StatusRuntimeException.class,
                            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED));
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        await("the cancelled waiter's key is deleted, as etcd's Mutex does").atMost(Duration.ofSeconds(10))
                .until(() -> keysUnder("cancel/").equals(List.of(held.getKey().toString(StandardCharsets.UTF_8))));
        jetcd.getLockClient().unlock(held.getKey()).get(10, TimeUnit.SECONDS);
        assertThat(keysUnder("cancel/")).isEmpty();
    }

    @Test
    void lockingTwiceWithOneLeaseIsOneAcquisitionAndUnlockReleases() throws Exception {
        long lease = jetcd.getLeaseClient().grant(30).get().getID();
        LockResponse first = jetcd.getLockClient().lock(bytes("twice"), lease).get(20, TimeUnit.SECONDS);
        LockResponse again = jetcd.getLockClient().lock(bytes("twice"), lease).get(20, TimeUnit.SECONDS);
        assertThat(first.getKey().toString(StandardCharsets.UTF_8)).isEqualTo("twice/" + Long.toHexString(lease));
        assertThat(again.getKey()).isEqualTo(first.getKey());
        var kv = jetcd.getKVClient().get(first.getKey()).get().getKvs().getFirst();
        assertThat(kv.getLease()).isEqualTo(lease);
        assertThat(first.getHeader().getRevision()).as("the token is at or above the key's creation")
                .isGreaterThanOrEqualTo(kv.getCreateRevision());
        jetcd.getLockClient().unlock(first.getKey()).get(10, TimeUnit.SECONDS);
        assertThat(jetcd.getKVClient().get(bytes("twice/"), GetOption.builder().isPrefix(true).build()).get().getCount())
                .isZero();
    }

    @Test
    void aMissingLeaseIsRefusedAsEtcdDoes() {
        assertThatThrownBy(() -> jetcd.getLockClient().lock(bytes("nolease"), 0x1234abcdL).get(20, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasMessageContaining("etcdserver: requested lease not found");
        assertThat(keysUnder("nolease/")).isEmpty();
    }

    @Test
    void lockWithoutLeaseGetsAServerGrantedSessionLease() throws Exception {
        LockResponse held = jetcd.getLockClient().lock(bytes("nolease0"), 0).get(20, TimeUnit.SECONDS);
        var kv = jetcd.getKVClient().get(held.getKey()).get().getKvs().getFirst();
        assertThat(kv.getLease()).isNotZero();
        assertThat(held.getKey().toString(StandardCharsets.UTF_8)).isEqualTo("nolease0/" + Long.toHexString(kv.getLease()));
        long ttl = jetcd.getLeaseClient().timeToLive(kv.getLease(), io.etcd.jetcd.options.LeaseOption.DEFAULT).get().getGrantedTTL();
        assertThat(ttl).isEqualTo(60);
        jetcd.getLockClient().unlock(held.getKey()).get(10, TimeUnit.SECONDS);
        jetcd.getLeaseClient().revoke(kv.getLease()).get();
    }

    @Test
    void twoTenantsLockingTheSameNameDoNotBlockEachOther() throws Exception {
        try (EtcdctlRunning mine = new EtcdctlRunning(dev.endpoint(), List.of(), "lock", "shared");
             EtcdctlRunning bobs = new EtcdctlRunning(dev.endpoint(), List.of("--user", "bob:" + bobKey), "lock", "shared")) {
            String myKey = mine.take(20);
            String bobsKey = bobs.take(20);
            assertThat(myKey).startsWith("shared/");
            assertThat(bobsKey).startsWith("shared/");
            assertThat(keysUnder("shared/")).containsExactly(myKey);
            Etcdctl bob = new Etcdctl(dev.endpoint(), "--user", "bob:" + bobKey);
            assertThat(bob.run("get", "--prefix", "--keys-only", "shared/").stdout().strip()).isEqualTo(bobsKey);
        }
    }
}
