package io.cairn.testkit.linearizability;

import static io.cairn.testkit.linearizability.Histories.kv;
import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.testkit.history.History;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class KvLinearizabilityTest {
    static Verdict check(Histories h) {
        return KvLinearizability.check(h.build(), Duration.ofSeconds(5));
    }

    static Report illegal(Histories h) {
        Verdict v = check(h);
        assertThat(v).isInstanceOf(Verdict.Illegal.class);
        return ((Verdict.Illegal) v).report();
    }

    @Test
    void sequentialHistoryWithGapsInRevisionsIsOk() {
        assertThat(check(new Histories()
                .getAbsent(1, 0, 1, "a", 1)
                .put(1, 2, 3, "a", "v1", 5)
                .get(1, 4, 5, "a", "v1", 5, 5)
                .put(1, 6, 7, "a", "v2", 19)
                .get(2, 8, 9, "a", "v2", 19, 23)
                .delete(1, 10, 11, "a", 1, 40)
                .getAbsent(2, 12, 13, "a", 40)
                .delete(2, 14, 15, "a", 0, 41)))
                .isEqualTo(new Verdict.Ok(1, 8));
    }

    @Test
    void overlappingOperationsMayTakeEffectInEitherOrder() {
        assertThat(check(new Histories()
                .put(1, 0, 10, "a", "v1", 5)
                .getAbsent(2, 1, 8, "a", 3)
                .get(3, 2, 12, "a", "v1", 5, 5)
                .put(2, 9, 20, "a", "v2", 8)
                .get(1, 11, 13, "a", "v1", 5, 6)
                .get(3, 14, 21, "a", "v2", 8, 9))).isInstanceOf(Verdict.Ok.class);
    }

    @Test
    void staleReadIsIllegal() {
        Report r = illegal(new Histories()
                .put(1, 0, 1, "a", "v1", 3)
                .put(2, 2, 3, "a", "v2", 7)
                .get(3, 4, 5, "a", "v1", 3, 7));
        assertThat(r.partition()).isEqualTo("key a");
        assertThat(r.longestPrefix()).extracting(Report.Line::id).containsExactly(0, 1);
        assertThat(r.blocking().id()).isEqualTo(2);
        assertThat(r.toString()).contains("get(a) -> v1 (mod_revision 3, header 7)", "rejected by the model");
    }

    @Test
    void lostWriteIsIllegal() {
        illegal(new Histories()
                .put(1, 0, 1, "a", "v1", 3)
                .put(2, 2, 3, "a", "v2", 6)
                .get(1, 10, 11, "a", "v1", 3, 9)
                .get(2, 12, 13, "a", "v1", 3, 9));
    }

    @Test
    void readOfAValueWhosePutFailedIsIllegal() {
        illegal(new Histories()
                .put(1, 0, 1, "a", "v1", 3)
                .putFailed(2, 2, 3, "a", "v2")
                .get(3, 4, 5, "a", "v2", 5, 5));
    }

    @Test
    void lowerRevisionForALaterWriteIsIllegal() {
        illegal(new Histories().put(1, 0, 1, "a", "v1", 10).put(2, 2, 3, "a", "v2", 7));
        Report crossKey = illegal(new Histories().put(1, 0, 1, "a", "v1", 10).put(2, 2, 3, "b", "v2", 7));
        assertThat(crossKey.partition()).isEqualTo("revision order (all keys)");
        illegal(new Histories().put(1, 0, 5, "a", "v1", 10).put(2, 2, 3, "b", "v2", 10));
        assertThat(check(new Histories().put(1, 0, 5, "a", "v1", 10).put(2, 2, 3, "b", "v2", 7)))
                .isInstanceOf(Verdict.Ok.class);
    }

    @Test
    void readHeaderBelowWhatItReadsIsIllegal() {
        illegal(new Histories().put(1, 0, 1, "a", "v1", 10).get(1, 2, 3, "a", "v1", 10, 9));
        illegal(new Histories().put(1, 0, 1, "a", "v1", 10).delete(1, 2, 3, "a", 1, 12).getAbsent(1, 4, 5, "a", 11));
        illegal(new Histories().put(1, 0, 1, "a", "v1", 10).get(1, 2, 3, "a", "v1", 11, 12));
    }

    @Test
    void unknownPutMayOrMayNotHaveHappened() {
        Histories base = new Histories().put(1, 0, 1, "a", "v1", 3).putUnknown(2, 2, "a", "v2");
        assertThat(check(copy(base).get(3, 10, 11, "a", "v1", 3, 20))).isInstanceOf(Verdict.Ok.class);
        assertThat(check(copy(base).get(3, 10, 11, "a", "v2", 8, 20).put(1, 12, 13, "a", "v3", 21)))
                .isInstanceOf(Verdict.Ok.class);
        assertThat(check(copy(base).get(3, 10, 11, "a", "v1", 3, 20).get(3, 12, 13, "a", "v2", 8, 20)))
                .isInstanceOf(Verdict.Ok.class);
        illegal(copy(base).get(3, 10, 11, "a", "v2", 8, 20).get(3, 12, 13, "a", "v1", 3, 20));
        illegal(copy(base).get(3, 10, 11, "a", "v2", 2, 20));
        assertThat(check(copy(base).put(1, 10, 11, "a", "v3", 9).get(1, 12, 13, "a", "v3", 9, 9)))
                .isInstanceOf(Verdict.Ok.class);
    }

    @Test
    void persistedWritesResolveUnobservedUnknownPuts() {
        History h = new Histories().put(1, 0, 1, "a", "v1", 3).putUnknown(2, 2, "a", "v2")
                .casRev(1, 10, 11, "a", 3, "v3", false, 30).build();
        assertThat(KvLinearizability.check(h, Duration.ofSeconds(5), java.util.Map.of("v1", 3L, "v2", 8L)))
                .isInstanceOf(Verdict.Ok.class);
        assertThat(KvLinearizability.check(h, Duration.ofSeconds(5), java.util.Map.of("v1", 3L)))
                .isInstanceOf(Verdict.Illegal.class);
    }

    @Test
    void compareAndSetRaces() {
        Histories base = new Histories().put(1, 0, 1, "a", "v1", 5);
        assertThat(check(copy(base).casRev(1, 2, 10, "a", 5, "x1", true, 8).casRev(2, 3, 9, "a", 5, "x2", false, 8)))
                .isInstanceOf(Verdict.Ok.class);
        illegal(copy(base).casRev(1, 2, 10, "a", 5, "x1", true, 8).casRev(2, 3, 9, "a", 5, "x2", true, 9));
        assertThat(check(copy(base).casValue(1, 2, 10, "a", "v1", "x1", true, 8)
                .casValue(2, 3, 9, "a", "v1", "x2", false, 8).get(2, 11, 12, "a", "x1", 8, 8)))
                .isInstanceOf(Verdict.Ok.class);
        illegal(copy(base).casValue(1, 2, 3, "a", "nope", "x1", true, 8));
        assertThat(check(new Histories().casRev(1, 0, 1, "a", 0, "x1", true, 4).get(1, 2, 3, "a", "x1", 4, 4)))
                .isInstanceOf(Verdict.Ok.class);
    }

    @Test
    void rangeReadsJoinTheKeysTheyCover() {
        Histories base = new Histories().put(1, 0, 1, "p/a", "v1", 3).put(2, 0, 1, "p/b", "v2", 4)
                .put(3, 0, 1, "q", "v3", 6);
        assertThat(check(copy(base).range(1, 2, 3, "p/", 6, kv("p/a", "v1", 3), kv("p/b", "v2", 4))))
                .isEqualTo(new Verdict.Ok(2, 4));
        Report r = illegal(copy(base).range(1, 2, 3, "p/", 6, kv("p/a", "v1", 3)));
        assertThat(r.partition()).isEqualTo("keys [p/a, p/b] (joined by range reads)");
        illegal(copy(base).range(1, 2, 3, "p/", 6, kv("p/a", "v1", 3), kv("p/b", "v2", 4), kv("q", "v3", 6)));
    }

    static Histories copy(Histories h) {
        Histories c = new Histories();
        h.build().operations().forEach(op -> c.op(op.clientId(), op.invokeNanos(), op.returnNanos(), op.input(),
                op.output()));
        return c;
    }
}
