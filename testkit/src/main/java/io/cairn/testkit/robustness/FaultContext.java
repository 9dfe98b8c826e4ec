package io.cairn.testkit.robustness;

import io.cairn.testkit.fault.FaultProxy;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

/** What a fault acts on: the target's members, the proxy before the client port; keeps a timeline. */
public final class FaultContext {
    private final Target target;
    private final FaultProxy clientProxy;
    private final Random random;
    private final long originNanos;
    private final List<String> timeline = new CopyOnWriteArrayList<>();

    FaultContext(Target target, FaultProxy clientProxy, Random random, long originNanos) {
        this.target = target;
        this.clientProxy = clientProxy;
        this.random = random;
        this.originNanos = originNanos;
    }

    public Target target() {
        return target;
    }

    public FaultProxy clientProxy() {
        return clientProxy;
    }

    /** The member a kill or pause hits, chosen from the run's seed (a cluster: a node hosting a shard leader). */
    public Target.Member pickMember() {
        return target.faultMember(random);
    }

    /** The seeded random of the run's fault. */
    public Random random() {
        return random;
    }

    /** The cluster's placement faults; a fault that needs them fails on a single-process target. */
    public Target.ClusterFaults cluster() {
        return target.clusterFaults().orElseThrow(() -> new IllegalStateException(
                "this fault needs a cluster target (--target cluster)"));
    }

    /** Records what happened and when (ms since the traffic started). */
    public void note(String what) {
        timeline.add(String.format(java.util.Locale.ROOT, "%9.1f ms  %s", (System.nanoTime() - originNanos) / 1e6, what));
    }

    List<String> timeline() {
        return List.copyOf(timeline);
    }
}
