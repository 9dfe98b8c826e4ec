package io.cairn.testkit.watch;

import java.util.List;

/**
 * One response on a watch stream: events, or a progress notification (no events, header revision
 * = "you have seen everything up to here"), or a cancel (with the compact revision when the start
 * revision was compacted).
 */
public record WatchResponse(long headerRevision, List<WatchEvent> events, boolean progressNotify, boolean canceled,
                            long compactRevision) {
    public WatchResponse {
        events = List.copyOf(events);
    }

    public static WatchResponse events(long headerRevision, WatchEvent... events) {
        return new WatchResponse(headerRevision, List.of(events), false, false, 0);
    }

    public static WatchResponse progress(long headerRevision) {
        return new WatchResponse(headerRevision, List.of(), true, false, 0);
    }

    public static WatchResponse compacted(long headerRevision, long compactRevision) {
        return new WatchResponse(headerRevision, List.of(), false, true, compactRevision);
    }
}
