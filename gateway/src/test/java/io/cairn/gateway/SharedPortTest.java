package io.cairn.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.api.etcdserverpb.PutRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The public port under clients that give up on calls, as every etcd client with a deadline
 * does: a cancelled call must fail alone, never the connection it shares with other calls.
 */
class SharedPortTest {
    private static GatewayFixture fx;

    @BeforeAll
    static void start() {
        fx = new GatewayFixture(false, 1);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        fx.close();
    }

    @Test
    void callsCancelledAtTheirDeadlineFailAloneAndTheConnectionLivesOn() throws InterruptedException {
        Map<Status.Code, AtomicInteger> outcomes = new ConcurrentHashMap<>();
        Map<String, String> unexpected = new ConcurrentHashMap<>();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(4);
        List<Thread> clients = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            String key = "k" + t;
            clients.add(Thread.ofPlatform().start(() -> {
                while (System.nanoTime() < until) {
                    long deadlineMicros = ThreadLocalRandom.current().nextLong(500, 20_000);
                    try {
                        fx.kv(fx.alphaKey).withDeadlineAfter(deadlineMicros, TimeUnit.MICROSECONDS)
                                .put(PutRequest.newBuilder().setKey(GatewayFixture.bytes(key))
                                        .setValue(GatewayFixture.bytes("v")).build());
                        outcomes.computeIfAbsent(Status.Code.OK, c -> new AtomicInteger()).incrementAndGet();
                    } catch (StatusRuntimeException e) {
                        Status.Code code = e.getStatus().getCode();
                        outcomes.computeIfAbsent(code, c -> new AtomicInteger()).incrementAndGet();
                        if (code != Status.Code.DEADLINE_EXCEEDED) {
                            unexpected.putIfAbsent(e.getStatus().toString(), key);
                        }
                    }
                }
            }));
        }
        for (Thread client : clients) {
            client.join();
        }
        System.out.println("shared port under cancelling clients: " + outcomes);
        assertThat(unexpected).as("failures other than the caller's own deadline").isEmpty();
        assertThat(outcomes.get(Status.Code.DEADLINE_EXCEEDED)).as("calls cancelled").isNotNull();
        assertThat(outcomes.getOrDefault(Status.Code.DEADLINE_EXCEEDED, new AtomicInteger()).get())
                .as("cancelled calls (the test must race completion with cancellation)").isGreaterThan(100);
        fx.put(fx.alphaKey, "after", "storm");
        assertThat(fx.get(fx.alphaKey, "after")).isEqualTo("storm");
    }
}
