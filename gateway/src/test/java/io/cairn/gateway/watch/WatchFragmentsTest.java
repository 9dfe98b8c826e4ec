package io.cairn.gateway.watch;

import static io.cairn.gateway.watch.Events.put;
import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.api.etcdserverpb.WatchResponse;
import io.cairn.api.mvccpb.Event;
import java.util.List;
import org.junit.jupiter.api.Test;

class WatchFragmentsTest {
    private static final String KB = "x".repeat(1024);

    @Test
    void smallResponsesAreNotFragmented() {
        WatchResponse response = WatchResponse.newBuilder().setWatchId(3).addEvents(put("a", 1)).build();
        assertThat(WatchFragments.split(response, 1024)).containsExactly(response);
    }

    @Test
    void aSingleLargeEventIsSentWhole() {
        WatchResponse response = WatchResponse.newBuilder().addEvents(put("a", 1, KB.repeat(4))).build();
        assertThat(WatchFragments.split(response, 1024)).containsExactly(response);
    }

    @Test
    void largeResponsesAreCutBelowTheLimitAndAllButTheLastAreFragments() {
        WatchResponse.Builder b = WatchResponse.newBuilder().setWatchId(7);
        for (int i = 0; i < 10; i++) {
            b.addEvents(put("k" + i, 5, KB));
        }
        WatchResponse response = b.build();
        List<WatchResponse> parts = WatchFragments.split(response, 3000);
        assertThat(parts).hasSizeGreaterThan(3);
        for (int i = 0; i < parts.size(); i++) {
            assertThat(parts.get(i).getFragment()).isEqualTo(i < parts.size() - 1);
            assertThat(parts.get(i).getWatchId()).isEqualTo(7);
            assertThat(parts.get(i).getSerializedSize()).isLessThan(3000);
        }
        List<Event> joined = parts.stream().flatMap(p -> p.getEventsList().stream()).toList();
        assertThat(joined).isEqualTo(response.getEventsList());
    }
}
