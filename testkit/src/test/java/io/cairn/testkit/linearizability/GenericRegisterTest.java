package io.cairn.testkit.linearizability;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The generic checker with a model other than KV: a register of ints ("w" writes, "r" reads). */
class GenericRegisterTest {
    record Call(String kind, int value) {
    }

    static final Model<Integer, Call, Integer> REGISTER = new Model<>() {
        @Override
        public Integer init() {
            return 0;
        }

        @Override
        public List<Integer> step(Integer state, Call in, Integer out) {
            return in.kind().equals("w") ? List.of(in.value()) : state.equals(out) ? List.of(state) : List.of();
        }
    };

    static Op<Call, Integer> op(int id, long from, long to, String kind, int value, Integer out) {
        return new Op<>(id, id, from, to, new Call(kind, value), out);
    }

    @Test
    void concurrentWriteMayBeSeenOrNot() {
        assertThat(LinearizabilityChecker.check(REGISTER, List.of(op(0, 0, 10, "w", 1, null),
                op(1, 1, 2, "r", 0, 0), op(2, 3, 4, "r", 0, 1), op(3, 11, 12, "r", 0, 1)), Duration.ofSeconds(1)))
                .isEqualTo(new Verdict.Ok(1, 4));
    }

    @Test
    void readGoingBackIsReportedOnTheWholeHistory() {
        Verdict v = LinearizabilityChecker.check(REGISTER, List.of(op(0, 0, 10, "w", 1, null),
                op(1, 1, 2, "r", 0, 1), op(2, 3, 4, "r", 0, 0)), Duration.ofSeconds(1));
        assertThat(v).isInstanceOfSatisfying(Verdict.Illegal.class, i -> {
            assertThat(i.report().partition()).isEqualTo("whole history");
            assertThat(i.report().longestPrefix()).extracting(Report.Line::id).containsExactly(0, 1);
            assertThat(i.report().blocking().id()).isEqualTo(2);
        });
    }

    @Test
    void pendingWriteMayTakeEffectLate() {
        assertThat(LinearizabilityChecker.check(REGISTER, List.of(op(0, 0, Op.NEVER, "w", 1, null),
                op(1, 5, 6, "r", 0, 0), op(2, 7, 8, "r", 0, 1)), Duration.ofSeconds(1)))
                .isInstanceOf(Verdict.Ok.class);
    }
}
