package io.cairn.testkit.watch;

import java.util.List;

/**
 * One watch stream, from creation to its end. {@code startRevision} is the revision asked for; for a
 * watch "from now" record the created response's header revision + 1, or 0 if not known (then the
 * first delivered event is taken as the start).
 */
public record WatchSession(long startRevision, List<WatchResponse> responses) {
    public WatchSession {
        responses = List.copyOf(responses);
    }

    public static WatchSession of(long startRevision, WatchResponse... responses) {
        return new WatchSession(startRevision, List.of(responses));
    }

    /** The response that cancelled this stream because its start was compacted, if any. */
    public long compactRevision() {
        return responses.stream().filter(WatchResponse::canceled).mapToLong(WatchResponse::compactRevision)
                .max().orElse(0);
    }
}
