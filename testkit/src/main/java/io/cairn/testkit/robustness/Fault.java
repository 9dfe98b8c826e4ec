package io.cairn.testkit.robustness;

import io.cairn.testkit.fault.ProxyMode;
import java.time.Duration;
import java.util.Locale;

/**
 * The one fault a run injects, chosen from the run's seed. Faults act through a {@link FaultContext}
 * (the target's processes and the proxy in front of the client port), so a cluster target gets
 * them for each of its members; peer-port and placement faults are {@link ClusterFault}s.
 */
public sealed interface Fault permits Fault.None, Fault.KillRestart, Fault.Pause, Fault.Proxy, Fault.CrashPoint,
        Fault.DiskError, ClusterFault {

    /** A short name, as printed per run and accepted by {@code --fault}. */
    String name();

    /** Injects the fault and returns when it is over (the target serves again). */
    void inject(FaultContext ctx) throws InterruptedException;

    /** No fault: the baseline. */
    record None() implements Fault {
        public String name() {
            return "none";
        }

        public void inject(FaultContext ctx) {
        }
    }

    /** {@code kill -9} of one member, then a restart on the same data dir. */
    record KillRestart() implements Fault {
        public String name() {
            return "kill";
        }

        public void inject(FaultContext ctx) {
            Target.Member m = ctx.pickMember();
            ctx.note("kill -9 " + m.name() + " (pid " + m.pid() + ")");
            m.kill9();
            ctx.note("restarting " + m.name());
            m.restart();
            ctx.note(m.name() + " serves again (pid " + m.pid() + ")");
        }
    }

    /** SIGSTOP one member, SIGCONT it after {@code pause}. */
    record Pause(Duration pause) implements Fault {
        public String name() {
            return "sigstop";
        }

        public void inject(FaultContext ctx) throws InterruptedException {
            Target.Member m = ctx.pickMember();
            Signals.send(m.pid(), "STOP");
            ctx.note("SIGSTOP " + m.name() + " for " + pause.toMillis() + " ms");
            try {
                Thread.sleep(pause);
            } finally {
                Signals.send(m.pid(), "CONT");
                ctx.note("SIGCONT " + m.name());
            }
        }
    }

    /** The client-port proxy in {@code mode} for {@code length}, then back to pass. */
    record Proxy(ProxyMode mode, Duration length) implements Fault {
        public String name() {
            return switch (mode) {
                case ProxyMode.Blackhole b -> "blackhole";
                case ProxyMode.Delay d -> "delay";
                case ProxyMode.DropConnections d -> "drop";
                case ProxyMode.Pass p -> "pass";
            };
        }

        public void inject(FaultContext ctx) throws InterruptedException {
            ctx.clientProxy().mode(mode);
            ctx.note("client proxy " + describe(mode) + " for " + length.toMillis() + " ms");
            try {
                Thread.sleep(length);
            } finally {
                ctx.clientProxy().mode(ProxyMode.pass());
                ctx.note("client proxy pass");
            }
        }

        private static String describe(ProxyMode mode) {
            return mode instanceof ProxyMode.Delay d
                    ? String.format(Locale.ROOT, "delay %d±%d ms", d.fixed().toMillis() + d.jitter().toMillis() / 2,
                    d.jitter().toMillis() / 2)
                    : mode.getClass().getSimpleName().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * A crash point in Cairn's own code: the member is killed and started again with
     * {@code CAIRN_FAILPOINTS=point=crash@atHit} (and frequent snapshots); it halts itself the
     * {@code atHit}-th time it reaches the point, and is then started again normally. If it has not
     * reached the point within 20 s it is killed instead (the timeline says so).
     */
    record CrashPoint(String point, int atHit) implements Fault {
        private static final Duration REACH = Duration.ofSeconds(20);

        public String name() {
            return "failpoint";
        }

        public void inject(FaultContext ctx) {
            Target.Member m = ctx.pickMember();
            String spec = point + "=crash@" + atHit;
            ctx.note("kill -9 " + m.name() + ", restart with CAIRN_FAILPOINTS=" + spec);
            m.restartArmed(spec);
            ctx.note(m.name() + " started armed (pid " + m.pid() + ")");
            if (m.awaitExit(REACH)) {
                ctx.note(m.name() + " halted at " + point);
            } else {
                ctx.note(point + " not reached " + atHit + " times in " + REACH.toSeconds() + " s; kill -9 "
                        + m.name());
                m.kill9();
            }
            m.restart();
            ctx.note(m.name() + " serves again (pid " + m.pid() + ")");
        }
    }

    /**
     * Every fsync of the member fails (EIO, through libfiu) for {@code length}; then the member is
     * killed and restarted, since a replica whose Raft log could not be synced stops (JRaft's error
     * state) and stays stopped until its process starts again, as after a disk error in etcd.
     */
    record DiskError(Duration length) implements Fault {
        public String name() {
            return "disk";
        }

        public void inject(FaultContext ctx) throws InterruptedException {
            Target.Member m = ctx.pickMember();
            if (m.startForDiskFaults()) {
                ctx.note("restarted " + m.name() + " under fiu-run (pid " + m.pid() + ")");
            }
            m.failDiskSync(true);
            ctx.note("fsync fails (EIO) in " + m.name() + " for " + length.toMillis() + " ms");
            try {
                Thread.sleep(length);
            } finally {
                m.failDiskSync(false);
                ctx.note("fsync works again");
            }
            ctx.note("kill -9 " + m.name() + " (pid " + m.pid() + ")");
            m.kill9();
            m.restart();
            ctx.note(m.name() + " serves again (pid " + m.pid() + ")");
        }
    }
}
