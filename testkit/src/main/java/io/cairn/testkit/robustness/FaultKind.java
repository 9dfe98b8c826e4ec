package io.cairn.testkit.robustness;

import io.cairn.testkit.fault.ProxyMode;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/** The faults a run can draw, by the names {@code --fault} accepts ({@code CP_KILL} is {@code cp-kill}). */
public enum FaultKind {
    NONE, KILL, SIGSTOP, BLACKHOLE, DELAY, DROP, FAILPOINT, DISK,
    CP_KILL, PEER_BLACKHOLE, PEER_DELAY, PEER_DROP, PARTITION, TRANSFER, SPLIT;

    /** What a {@code cairn dev} target can take ({@code disk} only where libfiu's fiu-run is installed). */
    public static final List<FaultKind> DEV = Fiu.available()
            ? List.of(NONE, KILL, SIGSTOP, BLACKHOLE, DELAY, DROP, FAILPOINT, DISK)
            : List.of(NONE, KILL, SIGSTOP, BLACKHOLE, DELAY, DROP, FAILPOINT);
    /** What a cluster target can take: all ({@code disk} only where libfiu's fiu-run is installed). */
    public static final List<FaultKind> CLUSTER = Fiu.available()
            ? List.of(NONE, KILL, SIGSTOP, BLACKHOLE, DELAY, DROP, FAILPOINT, DISK,
                    CP_KILL, PEER_BLACKHOLE, PEER_DELAY, PEER_DROP, PARTITION, TRANSFER, SPLIT)
            : List.of(NONE, KILL, SIGSTOP, BLACKHOLE, DELAY, DROP, FAILPOINT,
                    CP_KILL, PEER_BLACKHOLE, PEER_DELAY, PEER_DROP, PARTITION, TRANSFER, SPLIT);

    /**
     * The crash points of {@code io.cairn.node.FaultPoints} (raft-shard-node; the testkit does not
     * depend on it), with how many hits a drawn point waits for at most.
     */
    static final List<String> POINTS = List.of("apply.beforeCommit", "apply.afterCommit", "snapshot.beforeSave",
            "snapshot.afterSave", "log.afterAppend");

    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static FaultKind parse(String name) {
        return Arrays.stream(values()).filter(k -> k.cliName().equals(name.toLowerCase(Locale.ROOT))).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown fault '" + name + "'; one of "
                        + Arrays.stream(values()).map(FaultKind::cliName).toList()));
    }

    /** This kind with its parameters drawn from {@code random}. */
    Fault draw(Random random) {
        return switch (this) {
            case NONE -> new Fault.None();
            case KILL -> new Fault.KillRestart();
            case SIGSTOP -> new Fault.Pause(Duration.ofMillis(1000 + random.nextInt(2001)));
            case BLACKHOLE -> new Fault.Proxy(ProxyMode.blackhole(), Duration.ofSeconds(2));
            case DELAY -> new Fault.Proxy(ProxyMode.delay(10, 80), Duration.ofMillis(2000 + random.nextInt(3001)));
            case DROP -> new Fault.Proxy(ProxyMode.dropConnections(), Duration.ofMillis(200 + random.nextInt(801)));
            case FAILPOINT -> {
                String point = POINTS.get(random.nextInt(POINTS.size()));
                yield new Fault.CrashPoint(point, 1 + random.nextInt(point.startsWith("snapshot") ? 2 : 20));
            }
            case DISK -> new Fault.DiskError(Duration.ofMillis(1000 + random.nextInt(3001)));
            case CP_KILL -> new ClusterFault.ControlPlaneKill();
            case PEER_BLACKHOLE -> new ClusterFault.PeerProxy(ProxyMode.blackhole(),
                    Duration.ofMillis(2000 + random.nextInt(3001)), random.nextInt(3));
            case PEER_DELAY -> new ClusterFault.PeerProxy(ProxyMode.delay(10, 80),
                    Duration.ofMillis(2000 + random.nextInt(3001)), random.nextInt(3));
            case PEER_DROP -> new ClusterFault.PeerProxy(ProxyMode.dropConnections(),
                    Duration.ofMillis(200 + random.nextInt(1801)), random.nextInt(3));
            case PARTITION -> new ClusterFault.Partition(Duration.ofMillis(3000 + random.nextInt(4001)), random.nextBoolean());
            case TRANSFER -> new ClusterFault.TransferLeader();
            case SPLIT -> new ClusterFault.Split();
        };
    }
}
