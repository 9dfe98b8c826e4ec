package io.cairn.loadtest;

import com.google.protobuf.ByteString;
import io.cairn.api.etcdserverpb.PutRequest;
import io.cairn.api.etcdserverpb.RangeRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Recorder;

/** Runs the closed loop on virtual threads and records latencies after the warm-up. */
final class LoadRunner {
    private final KvTarget target;
    private final LoadPlan plan;

    LoadRunner(KvTarget target, LoadPlan plan) {
        this.target = target;
        this.plan = plan;
    }

    LoadResult run() throws Exception {
        Recorder puts = new Recorder(3);
        Recorder gets = new Recorder(3);
        AtomicLong errors = new AtomicLong();
        long start = System.nanoTime();
        long measureFrom = start + plan.warmupSeconds() * 1_000_000_000L;
        long end = measureFrom + plan.durationSeconds() * 1_000_000_000L;
        ByteString value = ByteString.copyFrom(new byte[plan.valueSize()]);
        List<Future<?>> callers = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < plan.clients(); c++) {
                int client = c;
                callers.add(pool.submit(() -> loop(client, value, measureFrom, end, puts, gets, errors)));
            }
            for (Future<?> caller : callers) {
                caller.get();
            }
        }
        return new LoadResult(puts.getIntervalHistogram(), gets.getIntervalHistogram(), errors.get(),
                plan.durationSeconds(), plan.clients());
    }

    private void loop(int client, ByteString value, long measureFrom, long end,
                      Recorder puts, Recorder gets, AtomicLong errors) {
        SplittableRandom random = new SplittableRandom(client * 7919L + 17);
        boolean warm = false;
        while (true) {
            long begin = System.nanoTime();
            if (begin >= end) {
                return;
            }
            if (!warm && begin >= measureFrom) {
                warm = true;
            }
            ByteString key = ByteString.copyFromUtf8("bench/" + random.nextInt(plan.keys()));
            boolean read = random.nextDouble() < plan.readRatio();
            try {
                if (read) {
                    target.stub(client).range(RangeRequest.newBuilder().setKey(key).build());
                } else {
                    target.stub(client).put(PutRequest.newBuilder().setKey(key).setValue(value).build());
                }
                long micros = (System.nanoTime() - begin) / 1000;
                if (warm) {
                    (read ? gets : puts).recordValue(Math.max(1, micros));
                }
            } catch (RuntimeException e) {
                if (warm) {
                    errors.incrementAndGet();
                }
            }
        }
    }
}
