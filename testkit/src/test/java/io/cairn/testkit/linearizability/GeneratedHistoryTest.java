package io.cairn.testkit.linearizability;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.testkit.history.History;
import io.cairn.testkit.history.KvInput;
import io.cairn.testkit.history.KvOutput;
import io.cairn.testkit.history.Operation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GeneratedHistoryTest {
    private static final Duration BUDGET = Duration.ofSeconds(20);

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void generatedSingleKeyHistoryIsLinearizable(long seed) {
        History h = new SimulatedStore(seed).generate(5, 200, 1, 0.03);
        assertThat(KvLinearizability.check(h, BUDGET)).isEqualTo(new Verdict.Ok(1, 1000));
    }

    @ParameterizedTest
    @ValueSource(longs = {4, 5})
    void generatedMultiKeyHistoryWithRangesIsLinearizable(long seed) {
        History h = new SimulatedStore(seed).generate(5, 200, 4, 0.03);
        assertThat(KvLinearizability.check(h, BUDGET)).isInstanceOf(Verdict.Ok.class);
    }

    @org.junit.jupiter.api.Test
    void anExhaustedBudgetGivesUnknownNotAVerdict() {
        History h = new SimulatedStore(13).generate(5, 200, 1, 0.03);
        assertThat(KvLinearizability.check(h, Duration.ZERO)).isInstanceOf(Verdict.Unknown.class);
    }

    @ParameterizedTest
    @ValueSource(longs = {6, 7, 8})
    void staleReadInsertedIntoAGeneratedHistoryIsFound(long seed) {
        List<Operation> ops = new ArrayList<>(new SimulatedStore(seed).generate(5, 200, 1, 0).operations());
        List<Operation> puts = ops.stream().filter(o -> o.output() instanceof KvOutput.PutResult).toList();
        for (Operation get : ops) {
            if (!(get.output() instanceof KvOutput.GetResult g) || get.invokeNanos() < 2000) {
                continue;
            }
            Operation p1 = puts.stream().filter(p -> puts.stream().anyMatch(p2 -> p.returnNanos() < p2.invokeNanos()
                    && p2.returnNanos() < get.invokeNanos())).findFirst().orElseThrow();
            long rev = ((KvOutput.PutResult) p1.output()).revision();
            ops.set(ops.indexOf(get), get.withOutput(KvOutput.GetResult.of(((KvInput.Put) p1.input()).value(), rev,
                    g.headerRevision())));
            break;
        }
        assertIllegal(ops);
    }

    @ParameterizedTest
    @ValueSource(longs = {9, 10})
    void repeatedRevisionInsertedIntoAGeneratedHistoryIsFound(long seed) {
        List<Operation> ops = new ArrayList<>(new SimulatedStore(seed).generate(5, 200, 4, 0).operations());
        List<Operation> puts = ops.stream().filter(o -> o.output() instanceof KvOutput.PutResult).toList();
        Operation earlier = puts.get(puts.size() / 2);
        Operation later = puts.stream().filter(p -> p.invokeNanos() > earlier.returnNanos()).findFirst().orElseThrow();
        ops.set(ops.indexOf(later), later.withOutput(earlier.output()));
        assertIllegal(ops);
    }

    @ParameterizedTest
    @ValueSource(longs = {11, 12})
    void readOfAFailedPutInAGeneratedHistoryIsFound(long seed) {
        List<Operation> ops = new ArrayList<>(new SimulatedStore(seed).generate(5, 200, 1, 0).operations());
        Operation read = ops.stream().filter(o -> o.output() instanceof KvOutput.GetResult g && g.present())
                .skip(50).findFirst().orElseThrow();
        String value = ((KvOutput.GetResult) read.output()).value();
        Operation writer = ops.stream().filter(o -> o.input() instanceof KvInput.Put p && p.value().equals(value)
                || o.input() instanceof KvInput.CompareAndSet c && c.newValue().equals(value)).findFirst().orElseThrow();
        ops.set(ops.indexOf(writer), writer.withOutput(new KvOutput.Failure("not leader")));
        assertIllegal(ops);
    }

    private static void assertIllegal(List<Operation> ops) {
        Verdict v = KvLinearizability.check(new History(ops), BUDGET);
        assertThat(v).isInstanceOf(Verdict.Illegal.class);
    }
}
