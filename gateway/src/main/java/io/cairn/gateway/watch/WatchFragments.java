package io.cairn.gateway.watch;

import io.cairn.api.etcdserverpb.WatchResponse;
import io.cairn.api.mvccpb.Event;
import java.util.ArrayList;
import java.util.List;

/**
 * etcd's {@code sendFragments}: a response at or above {@code maxBytes} with two or more
 * events is cut into responses that each stay below it (but hold at least one event), all
 * marked {@code fragment} except the last.
 */
final class WatchFragments {
    private WatchFragments() {
    }

    static List<WatchResponse> split(WatchResponse response, int maxBytes) {
        if (response.getSerializedSize() < maxBytes || response.getEventsCount() < 2) {
            return List.of(response);
        }
        WatchResponse empty = response.toBuilder().clearEvents().setFragment(true).build();
        List<WatchResponse> parts = new ArrayList<>();
        List<Event> events = response.getEventsList();
        int index = 0;
        while (index < events.size()) {
            WatchResponse.Builder part = empty.toBuilder();
            int size = empty.getSerializedSize();
            while (index < events.size()) {
                // Each event costs its bytes plus a tag and a length prefix (at most 1 + 5 bytes).
                int cost = events.get(index).getSerializedSize() + 6;
                if (part.getEventsCount() > 0 && size + cost >= maxBytes) {
                    break;
                }
                part.addEvents(events.get(index));
                size += cost;
                index++;
            }
            parts.add(part.setFragment(index < events.size()).build());
        }
        return parts;
    }
}
