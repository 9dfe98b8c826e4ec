package io.cairn.testkit.robustness;

import io.cairn.testkit.fault.FaultProxy;
import io.cairn.testkit.history.History;
import io.cairn.testkit.history.HistoryRecorder;
import io.cairn.testkit.history.KvInput;
import io.cairn.testkit.history.KvOutput;
import io.cairn.testkit.history.Operation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * One robustness run: a fresh target, a fault proxy before its client port, a watcher, the plan's
 * traffic from 8 clients with the plan's fault injected once, then a read-back of every key, the
 * resolution of unknown writes, and the checks ({@link RunCheck}). A failing run leaves a report.
 */
final class Run {
    private static final Duration CALL_DEADLINE = Duration.ofSeconds(5);
    private static final Duration AFTER_TRAFFIC = Duration.ofSeconds(300);
    private static final Duration AFTER_FAULT = Duration.ofSeconds(2);

    private final RunPlan plan;
    private final Target.Factory factory;
    private final Path workDir;
    private final Path reportDir;
    private final Duration checkBudget;
    private final KeySpace keys = KeySpace.DEFAULT;

    Run(RunPlan plan, Target.Factory factory, Path workDir, Path reportDir, Duration checkBudget) {
        this.plan = plan;
        this.factory = factory;
        this.workDir = workDir;
        this.reportDir = reportDir;
        this.checkBudget = checkBudget;
    }

    RunResult execute() throws InterruptedException {
        HistoryRecorder recorder = new HistoryRecorder();
        Target target;
        try {
            target = factory.start(workDir, plan.fault());
        } catch (RuntimeException e) {
            // nothing ran, so nothing was checked: undecided, not a violation (a loaded machine can
            // take longer than cluster up's or cairn dev's start timeout)
            RunResult.Outcome outcome = new RunResult.Outcome.Undecided("the target did not start: " + e);
            RunReport.write(reportDir, plan, recorder.history(), null, outcome, List.of(), null);
            return new RunResult(plan, 0, 0, outcome, "-", List.of(), reportDir);
        }
        FaultContext ctx = null;
        RunCheck check = null;
        String failure = null;
        Thread stopOnExit = new Thread(target::close, "robustness-stop-target");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
        try (FaultProxy proxy = FaultProxy.start(target.clientPort());
             Watcher watcher = new Watcher(proxy.port(), target.apiKey(), keys)) {
            warmUp(target);
            long origin = System.nanoTime();
            ctx = new FaultContext(target, proxy, new Random(RunPlan.mix(plan.seed(), 7)), origin);
            watcher.start();
            traffic(recorder, proxy.port(), target.apiKey(), ctx, origin);
            try (EtcdKv direct = new EtcdKv(target.clientPort(), target.apiKey(), CALL_DEADLINE)) {
                readBack(recorder, direct);
                check = new RunCheck(recorder.history(), watcher, (key, rev) -> retrying(() -> direct.get(key, rev)),
                        checkBudget);
                check.run();
            }
        } catch (RuntimeException | java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            failure = "the run could not complete: " + e;
        } finally {
            target.close();
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        }
        History history = recorder.history();
        RunResult.Outcome outcome = failure != null ? new RunResult.Outcome.Violation(failure) : check.outcome();
        List<String> timeline = ctx == null ? List.of() : ctx.timeline();
        Path report = null;
        if (!(outcome instanceof RunResult.Outcome.Ok)) {
            report = reportDir;
            RunReport.write(reportDir, plan, history, check, outcome, timeline, target);
        }
        int unknown = (int) history.operations().stream().filter(Operation::outcomeUnknown).count();
        return new RunResult(plan, history.size(), unknown, outcome, check == null ? "-" : check.watchNote(), timeline,
                report);
    }

    private void traffic(HistoryRecorder recorder, int port, String apiKey, FaultContext ctx, long origin)
            throws InterruptedException, java.util.concurrent.ExecutionException, java.util.concurrent.TimeoutException {
        // the traffic lasts the plan's duration, and while a fault is being injected (a restart on a
        // loaded machine can outlast it), and 2 s after: a fault always strikes under traffic
        long planned = origin + plan.duration().toNanos();
        java.util.concurrent.atomic.AtomicLong deadline = new java.util.concurrent.atomic.AtomicLong(planned);
        List<EtcdKv> clients = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(plan.clients() + 1);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < plan.clients(); c++) {
                EtcdKv kv = new EtcdKv(port, apiKey, CALL_DEADLINE);
                clients.add(kv);
                running.add(pool.submit(new TrafficClient(c, kv, recorder, keys, plan.clientSeed(c),
                        (double) plan.qps() / plan.clients(), plan.maxOps() / plan.clients(), deadline)));
            }
            Future<?> fault = pool.submit(() -> {
                Thread.sleep(Math.max(0, plan.faultAt().toMillis() - (System.nanoTime() - origin) / 1_000_000));
                deadline.set(Long.MAX_VALUE);
                try {
                    plan.fault().inject(ctx);
                } finally {
                    deadline.set(Math.max(planned, System.nanoTime() + AFTER_FAULT.toNanos()));
                }
                return null;
            });
            long waitMs = plan.duration().toMillis() + AFTER_TRAFFIC.toMillis();
            fault.get(waitMs, TimeUnit.MILLISECONDS);
            for (Future<?> f : running) {
                f.get(waitMs, TimeUnit.MILLISECONDS);
            }
            ctx.note("traffic done");
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(30, TimeUnit.SECONDS);
            clients.forEach(EtcdKv::close);
        }
    }

    /**
     * Puts to a key outside the traffic's key space until a few answer in time (at most 60 s), so
     * a freshly started target's cold paths (JIT, first routes, API key lookup) do not turn the
     * first seconds of traffic into timeouts. Nothing here is recorded.
     */
    private static void warmUp(Target target) throws InterruptedException {
        try (EtcdKv kv = new EtcdKv(target.clientPort(), target.apiKey(), CALL_DEADLINE)) {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            int answered = 0;
            for (int i = 0; answered < 10 && System.nanoTime() < end; i++) {
                if (kv.execute(new KvInput.Put("warmup/k", "w" + i)) instanceof KvOutput.PutResult) {
                    answered++;
                } else {
                    Thread.sleep(200);
                }
            }
        }
    }

    /** Reads every key back (after any restart), as recorded reads of one more client. */
    private void readBack(HistoryRecorder recorder, EtcdKv direct) throws InterruptedException {
        int client = plan.clients();
        for (String key : keys.keys()) {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (true) {
                KvInput input = new KvInput.Get(key);
                HistoryRecorder.Call call = recorder.invoke(client, input);
                KvOutput out = direct.execute(input);
                recorder.complete(call, out);
                if (out instanceof KvOutput.GetResult) {
                    break;
                }
                if (System.nanoTime() > end) {
                    throw new IllegalStateException("cannot read " + key + " back after the run: " + out);
                }
                Thread.sleep(250);
            }
        }
    }

    private static <T> T retrying(java.util.function.Supplier<T> read) {
        RuntimeException last = null;
        for (int attempt = 0; attempt < 20; attempt++) {
            try {
                return read.get();
            } catch (RuntimeException e) {
                last = e;
                try {
                    Thread.sleep(250);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(ie);
                }
            }
        }
        throw last;
    }

    static void delete(Path dir) {
        try {
            Artifacts.deleteTree(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
