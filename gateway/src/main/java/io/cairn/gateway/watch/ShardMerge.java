package io.cairn.gateway.watch;

import io.cairn.api.mvccpb.Event;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Merges the event streams of the shards of one watch in revision order. Each feed (one
 * shard's stream) reports a progress P: it has sent every event at or below P. Only
 * revisions at or below the smallest progress of all feeds are released, so a revision
 * is released once and whole (all its events, from every shard), and never after a later
 * one. A feed replaced after a split or reconnect hands its progress to its successors.
 */
final class ShardMerge {
    private static final Logger LOG = LoggerFactory.getLogger(ShardMerge.class);

    /** All the events of one revision. */
    record Revision(long revision, List<Event> events) {
    }

    private final Map<Long, Long> progress = new HashMap<>();
    private final NavigableMap<Long, List<Event>> pending = new TreeMap<>();
    private int pendingEvents;
    private long released;

    ShardMerge(long startRevision) {
        this.released = startRevision - 1;
    }

    void addFeed(long feedId, long feedProgress) {
        progress.put(feedId, feedProgress);
    }

    /** {@code successors} take over {@code feedId}'s range from its progress on. */
    void replace(long feedId, List<Long> successors) {
        long from = progress.containsKey(feedId) ? progress.remove(feedId) : released;
        successors.forEach(s -> progress.put(s, from));
    }

    long progressOf(long feedId) {
        return progress.getOrDefault(feedId, released);
    }

    /** Events a feed sent (whole revisions above its previous progress) and its new progress. */
    void offer(long feedId, List<Event> events, long feedProgress) {
        for (Event event : events) {
            long revision = event.getKv().getModRevision();
            if (revision <= released) {
                // A node never resends below its reported progress; dropping keeps events unique.
                LOG.error("feed {} sent revision {} at or below the released revision {}; dropped",
                        feedId, revision, released);
                continue;
            }
            pending.computeIfAbsent(revision, r -> new ArrayList<>()).add(event);
            pendingEvents++;
        }
        progress.merge(feedId, feedProgress, Math::max);
    }

    /** The revision up to which every feed has reported: nothing at or below it can still arrive. */
    long safeRevision() {
        long min = Long.MAX_VALUE;
        for (long p : progress.values()) {
            min = Math.min(min, p);
        }
        return progress.isEmpty() ? released : Math.max(min, released);
    }

    /** Removes and returns the revisions that can no longer be preceded by another, in order. */
    List<Revision> release() {
        long safe = safeRevision();
        List<Revision> ready = new ArrayList<>();
        NavigableMap<Long, List<Event>> head = pending.headMap(safe, true);
        head.forEach((revision, events) -> {
            ready.add(new Revision(revision, List.copyOf(events)));
            pendingEvents -= events.size();
        });
        head.clear();
        released = safe;
        return ready;
    }

    int pendingEvents() {
        return pendingEvents;
    }
}
