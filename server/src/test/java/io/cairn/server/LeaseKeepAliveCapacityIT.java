package io.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.cairn.api.etcdserverpb.LeaseGrantRequest;
import io.cairn.api.etcdserverpb.LeaseGrpc;
import io.cairn.api.etcdserverpb.LeaseKeepAliveRequest;
import io.cairn.api.etcdserverpb.LeaseKeepAliveResponse;
import io.cairn.api.etcdserverpb.LeaseLeasesRequest;
import io.cairn.api.etcdserverpb.PutRequest;
import io.cairn.testkit.CairnDevProcess;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keepalive capacity (docs/leases.md): one tenant, {@code cairn.lease.capacity.count} leases
 * (default 10,000) with TTL 30 s kept alive every TTL/3 over a few streams through one gateway,
 * while one client puts in a closed loop. Reports put latency and the server's CPU with and
 * without the keepalive load. Not in the default suite:
 * {@code mvn -B verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false
 * -Dit.test=LeaseKeepAliveCapacityIT -Dcairn.lease.capacity=true}.
 */
@EnabledIfSystemProperty(named = "cairn.lease.capacity", matches = "true")
class LeaseKeepAliveCapacityIT {
    private static final int TTL = 30;
    private static final int STREAMS = 8;
    private static final long WINDOW_MS = 30_000;

    @TempDir
    Path tmp;

    @Test
    void tenThousandLeasesKeptAliveBesidePuts() throws Exception {
        int count = Integer.getInteger("cairn.lease.capacity.count", 10_000);
        try (CairnDevProcess dev = CairnDevProcess.start(tmp.resolve("data"));
                GrpcKv kv = new GrpcKv(dev.endpoint(), null)) {
            ManagedChannel channel = ManagedChannelBuilder.forTarget(dev.endpoint()).usePlaintext().build();
            try {
                Window baseline = putWindow(kv, dev.pid(), "baseline");
                long[] ids = grantAll(channel, count);
                KeepAlives keepAlives = new KeepAlives(channel, ids);
                Thread pacer = Thread.ofPlatform().daemon().start(keepAlives::run);
                // warm up: one full round of keepalives answered before measuring
                org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(TTL * 3L))
                        .until(() -> keepAlives.latencies.size() >= ids.length);
                keepAlives.latencies.clear();
                Window loaded = putWindow(kv, dev.pid(), "with " + count + " leases");
                long[] keepAliveMicros;
                synchronized (keepAlives.latencies) {
                    keepAliveMicros = keepAlives.latencies.stream().mapToLong(Long::longValue).sorted().toArray();
                }
                keepAlives.stop = true;
                pacer.join(TimeUnit.SECONDS.toMillis(TTL));
                long alive = LeaseGrpc.newBlockingStub(channel).leaseLeases(LeaseLeasesRequest.getDefaultInstance())
                        .getLeasesCount();
                String report = baseline + "\n" + loaded + "\n"
                        + "keepalives: %d answered in %d s, %d with TTL 0, latency p50 %d us p99 %d us; leases alive after: %d"
                        .formatted(keepAliveMicros.length, WINDOW_MS / 1000, keepAlives.expired.get(),
                                percentile(keepAliveMicros, 50), percentile(keepAliveMicros, 99), alive);
                System.out.println(report);
                Files.writeString(Path.of("target", "lease-capacity.txt"), report + "\n");
                assertThat(keepAlives.expired.get()).as("no lease expired while kept alive").isZero();
                assertThat(alive).isEqualTo(count);
            } finally {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }

    private record Window(String name, long puts, long p50, long p99, double cpuCores) {
        @Override
        public String toString() {
            return "%s: %d puts in %d s (%.0f/s), latency p50 %d us p99 %d us, server CPU %.2f cores"
                    .formatted(name, puts, WINDOW_MS / 1000, puts * 1000.0 / WINDOW_MS, p50, p99, cpuCores);
        }
    }

    private static Window putWindow(GrpcKv kv, long pid, String name) throws IOException {
        List<Long> micros = new ArrayList<>();
        long cpuBefore = cpuTicks(pid);
        long start = System.nanoTime();
        long end = start + TimeUnit.MILLISECONDS.toNanos(WINDOW_MS);
        for (int i = 0; System.nanoTime() < end; i++) {
            long t = System.nanoTime();
            kv.kv().put(PutRequest.newBuilder().setKey(ByteString.copyFromUtf8("load/" + (i % 1000)))
                    .setValue(ByteString.copyFromUtf8("v" + i)).build());
            micros.add((System.nanoTime() - t) / 1000);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double cores = (cpuTicks(pid) - cpuBefore) / 100.0 / seconds;
        long[] sorted = micros.stream().mapToLong(Long::longValue).sorted().toArray();
        return new Window(name, sorted.length, percentile(sorted, 50), percentile(sorted, 99), cores);
    }

    /** utime + stime of the process in clock ticks (100 per second on Linux). */
    private static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    private static long percentile(long[] sorted, int p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, sorted.length * p / 100)];
    }

    private static long[] grantAll(ManagedChannel channel, int count) throws InterruptedException {
        long[] ids = new long[count];
        try (ExecutorService grants = Executors.newFixedThreadPool(16)) {
            for (int i = 0; i < count; i++) {
                int n = i;
                grants.execute(() -> ids[n] = LeaseGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS)
                        .leaseGrant(LeaseGrantRequest.newBuilder().setTTL(TTL).build()).getID());
            }
        }
        assertThat(Arrays.stream(ids).filter(id -> id == 0).count()).isZero();
        return ids;
    }

    /** Renews every lease once per TTL/3, spread evenly over STREAMS streams. */
    private static final class KeepAlives {
        final List<Long> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
        final AtomicLong expired = new AtomicLong();
        final ConcurrentHashMap<Long, Long> sentAt = new ConcurrentHashMap<>();
        final List<StreamObserver<LeaseKeepAliveRequest>> streams = new ArrayList<>();
        final long[] ids;
        volatile boolean stop;

        KeepAlives(ManagedChannel channel, long[] ids) {
            this.ids = ids;
            for (int s = 0; s < STREAMS; s++) {
                streams.add(LeaseGrpc.newStub(channel).leaseKeepAlive(new StreamObserver<>() {
                    @Override
                    public void onNext(LeaseKeepAliveResponse r) {
                        Long sent = sentAt.remove(r.getID());
                        if (sent != null) {
                            latencies.add((System.nanoTime() - sent) / 1000);
                        }
                        if (r.getTTL() <= 0) {
                            expired.incrementAndGet();
                        }
                    }

                    @Override
                    public void onError(Throwable t) {
                        expired.incrementAndGet();
                    }

                    @Override
                    public void onCompleted() {
                    }
                }));
            }
        }

        void run() {
            long periodNanos = TimeUnit.SECONDS.toNanos(TTL) / 3;
            long start = System.nanoTime();
            for (long round = 0; !stop; round++) {
                for (int i = 0; i < ids.length && !stop; i++) {
                    long due = start + round * periodNanos + periodNanos * i / ids.length;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        java.util.concurrent.locks.LockSupport.parkNanos(wait);
                    }
                    sentAt.put(ids[i], System.nanoTime());
                    StreamObserver<LeaseKeepAliveRequest> stream = streams.get(i % STREAMS);
                    synchronized (stream) {
                        stream.onNext(LeaseKeepAliveRequest.newBuilder().setID(ids[i]).build());
                    }
                }
            }
            streams.forEach(StreamObserver::onCompleted);
        }
    }
}
