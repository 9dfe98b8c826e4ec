package io.cairn.testkit.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryRecorderTest {

    @Test
    void recordsCallsFromManyThreadsWithTimesAndUniqueValues() throws Exception {
        HistoryRecorder recorder = new HistoryRecorder();
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<?>> futures = new java.util.ArrayList<>();
            for (int client = 0; client < 4; client++) {
                int c = client;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 50; i++) {
                        recorder.record(c, new KvInput.Put("k", recorder.uniqueValue(c)), () -> new KvOutput.PutResult(1));
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        }
        History h = recorder.history();
        assertThat(h.size()).isEqualTo(200);
        assertThat(h.operations()).extracting(Operation::id).doesNotHaveDuplicates();
        assertThat(h.operations()).extracting(o -> ((KvInput.Put) o.input()).value()).doesNotHaveDuplicates();
        assertThat(h.operations()).allSatisfy(o -> assertThat(o.returnNanos()).isGreaterThanOrEqualTo(o.invokeNanos()));
        assertThat(h.operations()).isSortedAccordingTo(java.util.Comparator.comparingLong(Operation::invokeNanos));
    }

    @Test
    void callsWithoutAnswerAreUnknown() {
        HistoryRecorder recorder = new HistoryRecorder();
        recorder.invoke(1, new KvInput.Put("k", "v"));
        assertThatThrownBy(() -> recorder.record(2, new KvInput.Get("k"), () -> {
            throw new IllegalStateException("deadline exceeded");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(recorder.history().operations()).extracting(Operation::output)
                .allSatisfy(o -> assertThat(o).isInstanceOf(KvOutput.Unknown.class));
    }

    @Test
    void historySurvivesAJsonRoundTrip(@TempDir Path dir) {
        History h = new History(List.of(
                new Operation(0, 1, 10, 20, new KvInput.Put("a\"\n\u0001", "v"), new KvOutput.PutResult(5)),
                new Operation(1, 2, 11, 21, new KvInput.Get("a"), KvOutput.GetResult.absent(4)),
                new Operation(2, 2, 22, 30, new KvInput.Get("a"), new KvOutput.GetResult("v", 5, 1, 6)),
                new Operation(3, 3, 12, 40, new KvInput.Range("a"), new KvOutput.RangeResult(
                        List.of(new KvOutput.KeyValue("a", "v", 5, 1)), 7)),
                new Operation(4, 3, 41, 50, new KvInput.Delete("a"), new KvOutput.DeleteResult(1, 9)),
                new Operation(5, 1, 21, 60, new KvInput.CompareAndSet("a", new KvInput.Compare.ModRevisionEquals(5),
                        "w"), new KvOutput.TxnResult(false, 9)),
                new Operation(6, 1, 61, 70, new KvInput.CompareAndSet("a", new KvInput.Compare.ValueEquals("v"),
                        "x"), new KvOutput.Failure("not leader")),
                new Operation(7, 4, 62, Long.MAX_VALUE, new KvInput.Put("b", "y"), new KvOutput.Unknown("timeout"))));
        assertThat(History.fromJson(h.toJson())).isEqualTo(h);
        h.save(dir.resolve("history.json"));
        assertThat(History.load(dir.resolve("history.json"))).isEqualTo(h);
        assertThatThrownBy(() -> History.fromJson("{\"operations\":[}")).isInstanceOf(IllegalArgumentException.class);
    }
}
