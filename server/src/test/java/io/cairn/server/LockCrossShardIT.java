package io.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.testkit.CairnDevProcess;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.lock.LockResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A lock whose prefix spans two shards: the dev tenant is split at "sp/4", so contender keys
 * {@code sp/<lease hex>} land on either side, the owner checks are cross-shard reads and a
 * waiter may watch a predecessor on the other shard.
 */
class LockCrossShardIT {
    private static final int CONTENDERS = 4;
    private static final int ROUNDS = 5;

    @TempDir
    static Path tmp;
    static CairnDevProcess dev;

    @BeforeAll
    static void start() {
        dev = CairnDevProcess.start(tmp.resolve("data"), "--split-at", "1:sp/4", "--split-at", "2");
    }

    @AfterAll
    static void stop() {
        if (dev != null) {
            dev.close();
        }
    }

    @Test
    void contendersOnBothShardsTakeTurnsWithIncreasingTokens() throws Exception {
        ByteSequence name = ByteSequence.from("sp", StandardCharsets.UTF_8);
        List<Long> tokens = Collections.synchronizedList(new ArrayList<>());
        List<String> keys = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        List<Client> clients = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(CONTENDERS);
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (int c = 0; c < CONTENDERS; c++) {
                Client client = Client.builder().endpoints("http://" + dev.endpoint()).build();
                clients.add(client);
                runs.add(pool.submit(() -> {
                    for (int round = 0; round < ROUNDS; round++) {
                        long lease = client.getLeaseClient().grant(30).get(20, TimeUnit.SECONDS).getID();
                        LockResponse held = client.getLockClient().lock(name, lease).get(60, TimeUnit.SECONDS);
                        if (inside.incrementAndGet() > 1) {
                            overlaps.incrementAndGet();
                        }
                        tokens.add(held.getHeader().getRevision());
                        keys.add(held.getKey().toString(StandardCharsets.UTF_8));
                        inside.decrementAndGet();
                        client.getLockClient().unlock(held.getKey()).get(20, TimeUnit.SECONDS);
                        client.getLeaseClient().revoke(lease).get(20, TimeUnit.SECONDS);
                    }
                    return null;
                }));
            }
            for (Future<?> run : runs) {
                run.get(240, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
            clients.forEach(Client::close);
        }
        assertThat(overlaps.get()).isZero();
        assertThat(tokens).hasSize(CONTENDERS * ROUNDS).isSorted().doesNotHaveDuplicates();
        assertThat(keys).as("contender keys on both sides of the split")
                .anyMatch(k -> k.compareTo("sp/4") < 0).anyMatch(k -> k.compareTo("sp/4") >= 0);
    }
}
