package io.cairn.testkit.robustness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RunPlanTest {

    @Test
    void theSameSeedGivesTheSamePlan() {
        RunPlan a = RunPlan.of(42, 3, Duration.ofSeconds(30), null);
        RunPlan b = RunPlan.of(42, 3, Duration.ofSeconds(30), null);
        assertEquals(a, b);
        assertEquals(a.clientSeed(5), b.clientSeed(5));
        assertNotEquals(a, RunPlan.of(43, 3, Duration.ofSeconds(30), null));
    }

    @Test
    void plansStayWithinTheirBoundsAndDrawEveryFault() {
        Set<String> faults = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            RunPlan p = RunPlan.of(7, i, Duration.ofSeconds(10), null);
            assertTrue(p.qps() >= 100 && p.qps() <= 1000, "qps " + p.qps());
            assertTrue(p.faultAt().toMillis() >= 2000 && p.faultAt().toMillis() <= 6000, "fault at " + p.faultAt());
            assertEquals(8, p.clients());
            faults.add(p.fault().name());
        }
        Set<String> expected = new HashSet<>(Set.of("none", "kill", "sigstop", "blackhole", "delay", "drop",
                "failpoint"));
        if (FaultKind.DEV.contains(FaultKind.DISK)) {
            expected.add("disk");
        }
        assertEquals(expected, faults);
    }

    @Test
    void aClusterDrawsEveryClusterFaultAndDiskOnlyWithLibfiu() {
        Set<String> faults = new HashSet<>();
        for (int i = 0; i < 400; i++) {
            faults.add(RunPlan.of(7, i, Duration.ofSeconds(10), null, FaultKind.CLUSTER).fault().name());
        }
        Set<String> expected = new HashSet<>(Set.of("none", "kill", "sigstop", "blackhole", "delay", "drop",
                "failpoint", "cp-kill", "peer-blackhole", "peer-delay", "peer-drop", "partition", "transfer", "split"));
        if (FaultKind.CLUSTER.contains(FaultKind.DISK)) {
            expected.add("disk");
        }
        assertEquals(expected, faults);
    }

    @Test
    void clusterFaultsParseByTheirDashedNamesAndAreRefusedOnDev() {
        assertEquals(FaultKind.CP_KILL, FaultKind.parse("cp-kill"));
        assertEquals("peer-blackhole", FaultKind.PEER_BLACKHOLE.cliName());
        assertThrows(IllegalArgumentException.class, () -> new RobustnessOptions(1, 1, Duration.ofSeconds(5),
                java.util.List.of(FaultKind.SPLIT), java.nio.file.Path.of("out"), Duration.ofSeconds(5), null,
                Target.dev()));
        RunPlan crash = RunPlan.of(3, 0, Duration.ofSeconds(10), FaultKind.FAILPOINT);
        Fault.CrashPoint point = (Fault.CrashPoint) crash.fault();
        assertTrue(FaultKind.POINTS.contains(point.point()));
        assertTrue(point.atHit() >= 1 && point.atHit() <= 20, "at hit " + point.atHit());
    }

    @Test
    void aForcedFaultKeepsTheRestOfThePlan() {
        RunPlan drawn = RunPlan.of(9, 1, Duration.ofSeconds(20), null);
        RunPlan forced = RunPlan.of(9, 1, Duration.ofSeconds(20), FaultKind.SIGSTOP);
        assertEquals("sigstop", forced.fault().name());
        assertEquals(drawn.qps(), forced.qps());
        assertEquals(drawn.faultAt(), forced.faultAt());
        assertThrows(IllegalArgumentException.class, () -> FaultKind.parse("reboot"));
    }
}
