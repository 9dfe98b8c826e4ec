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
        assertEquals(Set.of("none", "kill", "sigstop", "blackhole", "delay", "drop"), faults);
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
