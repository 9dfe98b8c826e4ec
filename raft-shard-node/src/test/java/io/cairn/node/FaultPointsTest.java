package io.cairn.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class FaultPointsTest {

    @Test
    void nothingArmedWithoutTheVariable() {
        assertTrue(FaultPoints.parse(null).isEmpty());
        assertTrue(FaultPoints.parse("  ").isEmpty());
        // the test JVM runs without CAIRN_FAILPOINTS: hitting a point does nothing
        assertFalse(FaultPoints.enabled());
        FaultPoints.ALL.forEach(FaultPoints::hit);
    }

    @Test
    void parsesPointsAndHitCounts() {
        Map<String, FaultPoints.Rule> rules = FaultPoints.parse("apply.beforeCommit=crash, snapshot.afterSave=crash@3");
        assertEquals(2, rules.size());
        assertEquals(1, rules.get(FaultPoints.APPLY_BEFORE_COMMIT).atHit());
        assertEquals(3, rules.get(FaultPoints.SNAPSHOT_AFTER_SAVE).atHit());
    }

    @Test
    void anArmedPointHaltsTheJvmOnItsNthHit() throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "-Dcairn.failpoints=" + FaultPoints.APPLY_AFTER_COMMIT + "=crash@3",
                HitPoints.class.getName(), FaultPoints.APPLY_AFTER_COMMIT, "5").redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(FaultPoints.CRASH_STATUS, p.exitValue(), out);
        assertTrue(out.contains("hit 1\nhit 2\n"), out);
        assertFalse(out.contains("hit 3\n"), out);
        assertTrue(out.contains("fault point apply.afterCommit reached (hit 3)"), out);
    }

    /** Hits a point n times, printing after each hit. */
    static final class HitPoints {
        public static void main(String[] args) {
            for (int i = 1; i <= Integer.parseInt(args[1]); i++) {
                FaultPoints.hit(args[0]);
                System.out.println("hit " + i);
                System.out.flush();
            }
        }
    }

    @Test
    void refusesUnknownPointsAndActions() {
        assertThrows(IllegalArgumentException.class, () -> FaultPoints.parse("apply.sometime=crash"));
        assertThrows(IllegalArgumentException.class, () -> FaultPoints.parse("apply.beforeCommit=pause"));
        assertThrows(IllegalArgumentException.class, () -> FaultPoints.parse("apply.beforeCommit=crash@0"));
        assertThrows(IllegalArgumentException.class, () -> FaultPoints.parse("apply.beforeCommit"));
    }
}
