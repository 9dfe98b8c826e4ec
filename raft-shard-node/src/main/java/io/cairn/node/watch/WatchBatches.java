package io.cairn.node.watch;

import io.cairn.api.mvccpb.Event;
import io.cairn.api.shard.ShardWatchResponse;
import java.util.List;
import java.util.function.Consumer;

/**
 * Cuts the events read for one stream into messages of bounded size, only between
 * revisions: a message's progress is the last revision it completes, the last message's
 * the safe revision the read went up to.
 */
final class WatchBatches {
    static final int MAX_EVENTS = 1000;
    static final int MAX_BYTES = 4 * 1024 * 1024;

    private WatchBatches() {
    }

    static void send(List<Event> events, long safe, long raftTerm, boolean prevKv, Consumer<ShardWatchResponse> out) {
        ShardWatchResponse.Builder message = ShardWatchResponse.newBuilder().setRaftTerm(raftTerm);
        int bytes = 0;
        for (int i = 0; i < events.size(); i++) {
            Event event = prevKv ? events.get(i) : events.get(i).toBuilder().clearPrevKv().build();
            long revision = event.getKv().getModRevision();
            boolean revisionStarts = i == 0 || events.get(i - 1).getKv().getModRevision() != revision;
            if (revisionStarts && message.getEventsCount() > 0
                    && (message.getEventsCount() >= MAX_EVENTS || bytes >= MAX_BYTES)) {
                out.accept(message.setProgressRevision(revision - 1).build());
                message = ShardWatchResponse.newBuilder().setRaftTerm(raftTerm);
                bytes = 0;
            }
            message.addEvents(event);
            bytes += event.getSerializedSize();
        }
        out.accept(message.setProgressRevision(safe).build());
    }
}
