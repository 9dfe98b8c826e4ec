package io.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cairn.testkit.CairnDevProcess;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.lease.LeaseKeepAliveResponse;
import io.etcd.jetcd.lock.LockResponse;
import io.etcd.jetcd.support.CloseableClient;
import io.grpc.stub.StreamObserver;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed's lock scenario with jetcd against a real {@code cairn dev}: contenders take
 * turns, and a shared resource that only accepts increasing fencing tokens (the lock
 * response's revision) proves mutual exclusion, including when a holder's lease expires.
 */
class LockFencingIT {
    private static final int CONTENDERS = 5;
    private static final int ROUNDS = 10;

    @TempDir
    static Path tmp;
    static CairnDevProcess dev;

    @BeforeAll
    static void start() {
        dev = CairnDevProcess.start(tmp.resolve("data"));
    }

    @AfterAll
    static void stop() {
        if (dev != null) {
            dev.close();
        }
    }

    static Client client() {
        return Client.builder().endpoints("http://" + dev.endpoint()).build();
    }

    static ByteSequence bytes(String s) {
        return ByteSequence.from(s, StandardCharsets.UTF_8);
    }

    /** A resource that knows nothing of the lock: it rejects a token lower than one it has seen. */
    static final class FencedResource {
        private long highest;
        private int inside;
        private int overlaps;
        private final List<Long> accepted = new ArrayList<>();

        synchronized boolean write(long token) {
            if (token <= highest) {
                return false;
            }
            highest = token;
            accepted.add(token);
            return true;
        }

        synchronized void enter() {
            if (++inside > 1) {
                overlaps++;
            }
        }

        synchronized void leave() {
            inside--;
        }

        synchronized List<Long> accepted() {
            return List.copyOf(accepted);
        }

        synchronized int overlaps() {
            return overlaps;
        }
    }

    @Test
    void contendersTakeTurnsWithStrictlyIncreasingTokens() throws Exception {
        FencedResource resource = new FencedResource();
        List<Long> tokensInOrder = Collections.synchronizedList(new ArrayList<>());
        List<Client> clients = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(CONTENDERS);
        try {
            List<Future<Integer>> runs = new ArrayList<>();
            for (int c = 0; c < CONTENDERS; c++) {
                Client client = client();
                clients.add(client);
                runs.add(pool.submit(() -> {
                    int rejected = 0;
                    for (int round = 0; round < ROUNDS; round++) {
                        long lease = client.getLeaseClient().grant(30).get(20, TimeUnit.SECONDS).getID();
                        LockResponse held = client.getLockClient().lock(bytes("seed-lock"), lease).get(60, TimeUnit.SECONDS);
                        resource.enter();
                        long token = held.getHeader().getRevision();
                        tokensInOrder.add(token);
                        if (!resource.write(token)) {
                            rejected++;
                        }
                        client.getKVClient().put(bytes("seed-resource"), bytes(Long.toString(token))).get(20, TimeUnit.SECONDS);
                        resource.leave();
                        client.getLockClient().unlock(held.getKey()).get(20, TimeUnit.SECONDS);
                        client.getLeaseClient().revoke(lease).get(20, TimeUnit.SECONDS);
                    }
                    return rejected;
                }));
            }
            for (Future<Integer> run : runs) {
                assertThat(run.get(240, TimeUnit.SECONDS)).as("no holder's token was below an earlier holder's").isZero();
            }
        } finally {
            pool.shutdownNow();
            clients.forEach(Client::close);
        }
        assertThat(resource.overlaps()).as("never two holders at once").isZero();
        assertThat(tokensInOrder).hasSize(CONTENDERS * ROUNDS).isSorted().doesNotHaveDuplicates();
        assertThat(resource.accepted()).isEqualTo(tokensInOrder);
    }

    @Test
    void aHolderWhoseKeepAliveStopsLosesTheLockAndItsTokenIsRejected() throws Exception {
        FencedResource resource = new FencedResource();
        try (Client a = client(); Client b = client()) {
            long leaseA = a.getLeaseClient().grant(3).get(20, TimeUnit.SECONDS).getID();
            CloseableClient keepAliveA = a.getLeaseClient().keepAlive(leaseA, new IgnoreKeepAlives());
            LockResponse heldA = a.getLockClient().lock(bytes("expiring"), leaseA).get(20, TimeUnit.SECONDS);
            long tokenA = heldA.getHeader().getRevision();
            assertThat(resource.write(tokenA)).isTrue();

            long leaseB = b.getLeaseClient().grant(30).get(20, TimeUnit.SECONDS).getID();
            CompletableFuture<LockResponse> waitingB = b.getLockClient().lock(bytes("expiring"), leaseB);
            await("B still waits: A's keepalives hold the lock past its 3 s TTL")
                    .during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(7)).until(() -> !waitingB.isDone());

            keepAliveA.close(); // A is "paused": no more heartbeats
            LockResponse heldB = waitingB.get(30, TimeUnit.SECONDS);
            long tokenB = heldB.getHeader().getRevision();
            assertThat(tokenB).isGreaterThan(tokenA);
            assertThat(a.getKVClient().get(heldA.getKey()).get().getKvs()).as("A's ownership key expired with its lease")
                    .isEmpty();
            assertThat(resource.write(tokenB)).isTrue();
            assertThat(resource.write(tokenA)).as("A wakes up believing it holds the lock: its stale token is refused")
                    .isFalse();
            b.getLockClient().unlock(heldB.getKey()).get(20, TimeUnit.SECONDS);
        }
    }

    private static final class IgnoreKeepAlives implements StreamObserver<LeaseKeepAliveResponse> {
        @Override
        public void onNext(LeaseKeepAliveResponse value) {
        }

        @Override
        public void onError(Throwable t) {
        }

        @Override
        public void onCompleted() {
        }
    }
}
