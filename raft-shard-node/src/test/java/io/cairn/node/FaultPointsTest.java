package io.cairn.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
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
    void refusesUnknownPointsAndActions() {
        assertThrows(IllegalArgumentException.class, () -> FaultPoints.parse("apply.sometime=crash"));
        assertThrows(IllegalArgumentException.class, () -> FaultPoints.parse("apply.beforeCommit=pause"));
        assertThrows(IllegalArgumentException.class, () -> FaultPoints.parse("apply.beforeCommit=crash@0"));
        assertThrows(IllegalArgumentException.class, () -> FaultPoints.parse("apply.beforeCommit"));
    }
}
