package io.cairn.testkit.robustness;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.testkit.history.History;
import io.cairn.testkit.history.KvInput;
import io.cairn.testkit.history.KvOutput;
import io.cairn.testkit.history.Operation;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The run's checks end to end on recorded histories, with the read-back the runner appends. */
class RunCheckTest {
    private static final PersistedWrites.Reader EMPTY = (key, rev) -> KvOutput.GetResult.absent(rev);

    private static Operation op(int id, long invoke, long ret, KvInput in, KvOutput out) {
        return new Operation(id, id % 8, invoke, ret, in, out);
    }

    private static RunResult.Outcome check(PersistedWrites.Reader reader, Operation... ops) throws Exception {
        RunCheck check = new RunCheck(new History(List.of(ops)), null, reader, Duration.ofSeconds(10));
        check.run();
        return check.outcome();
    }

    @Test
    void anAcknowledgedPutMissingFromTheReadBackIsAViolation() throws Exception {
        RunResult.Outcome outcome = check(EMPTY,
                op(0, 0, 10, new KvInput.Put("a", "v1"), new KvOutput.PutResult(5)),
                op(8, 20, 30, new KvInput.Get("a"), KvOutput.GetResult.absent(9)));
        RunResult.Outcome.Violation v = assertInstanceOf(RunResult.Outcome.Violation.class, outcome);
        assertTrue(v.report().contains("not linearizable"), v.report());
    }

    @Test
    void anUnknownPutThatTheStoreKeptIsResolvedAndTheHistoryPasses() throws Exception {
        PersistedWrites.Reader store = (key, rev) -> new KvOutput.GetResult("v2", 7, 2, 9);
        RunResult.Outcome outcome = check(store,
                op(0, 0, 10, new KvInput.Put("a", "v1"), new KvOutput.PutResult(5)),
                op(1, 11, 40, new KvInput.Put("a", "v2"), new KvOutput.Unknown("DEADLINE_EXCEEDED")),
                op(2, 12, 20, new KvInput.Get("a"), new KvOutput.GetResult("v1", 5, 1, 6)),
                op(8, 50, 60, new KvInput.Get("a"), new KvOutput.GetResult("v2", 7, 2, 9)));
        RunResult.Outcome.Ok ok = assertInstanceOf(RunResult.Outcome.Ok.class, outcome);
        assertTrue(ok.detail().contains("1 happened"), ok.detail());
    }

    @Test
    void aStaleReadAfterAnAcknowledgedWriteIsAViolation() throws Exception {
        RunResult.Outcome outcome = check(EMPTY,
                op(0, 0, 10, new KvInput.Put("a", "v1"), new KvOutput.PutResult(5)),
                op(1, 11, 20, new KvInput.Put("a", "v2"), new KvOutput.PutResult(7)),
                op(2, 21, 30, new KvInput.Get("a"), new KvOutput.GetResult("v1", 5, 1, 8)));
        assertInstanceOf(RunResult.Outcome.Violation.class, outcome);
    }
}
