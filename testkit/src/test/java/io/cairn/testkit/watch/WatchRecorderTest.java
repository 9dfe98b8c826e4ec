package io.cairn.testkit.watch;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.testkit.history.History;
import io.cairn.testkit.history.KvInput;
import io.cairn.testkit.history.KvOutput;
import io.cairn.testkit.history.Operation;
import java.util.List;
import org.junit.jupiter.api.Test;

class WatchRecorderTest {

    @Test
    void recordsSessionsPerWatcherAndChecksThemAgainstTheKvHistory() {
        History kv = new History(List.of(
                new Operation(0, 1, 0, 1, new KvInput.Put("k", "v1"), new KvOutput.PutResult(4)),
                new Operation(1, 1, 2, 3, new KvInput.CompareAndSet("k", new KvInput.Compare.ValueEquals("v1"), "v2"),
                        new KvOutput.TxnResult(true, 6)),
                new Operation(2, 1, 4, 5, new KvInput.Delete("k"), new KvOutput.DeleteResult(1, 9)),
                new Operation(3, 1, 6, 7, new KvInput.Put("k", "lost"), new KvOutput.Failure("no leader"))));
        CommittedWrites writes = CommittedWrites.fromHistory(kv);
        assertThat(writes).isEqualTo(new CommittedWrites(List.of(WatchEvent.put("k", "v1", 4),
                WatchEvent.put("k", "v2", 6), WatchEvent.delete("k", 9)), true));

        WatchRecorder recorder = new WatchRecorder();
        WatchTarget target = new WatchTarget.Key("k");
        recorder.startSession("w", target, 1);
        recorder.received("w", WatchResponse.events(4, WatchEvent.put("k", "v1", 4)));
        recorder.startSession("w", target, 5);
        recorder.received("w", WatchResponse.events(9, WatchEvent.delete("k", 9)));
        List<WatcherLog> logs = recorder.logs();
        assertThat(logs.getFirst().sessions()).hasSize(2);
        assertThat(WatchChecker.check(logs, writes)).singleElement().satisfies(v -> {
            assertThat(v.guarantee()).isEqualTo(Guarantee.RESUMABLE);
            assertThat(v.session()).isEqualTo(1);
            assertThat(v.detail()).contains("PUT k@6=v2");
        });
    }
}
