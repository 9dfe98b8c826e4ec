package io.cairn.gateway.watch;

import com.google.protobuf.ByteString;
import io.cairn.api.etcdserverpb.WatchResponse;
import io.cairn.api.mvccpb.Event;
import io.cairn.api.shard.ShardError;
import io.cairn.api.shard.ShardWatchResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One etcd watch of a session: a feed per shard of its range, merged in revision order
 * ({@link ShardMerge}), filtered, with tenant prefixes stripped, sent whole revision by
 * whole revision. A feed that ends (leader change, node restart, split) is replaced by
 * feeds for the shards now holding its range, from its progress + 1: no loss, no duplicate.
 */
final class TenantWatch implements ShardFeed.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(TenantWatch.class);
    private static final AtomicLong FEED_IDS = new AtomicLong();
    private static final long MAX_BACKOFF_MILLIS = 1000;

    private final long id;
    private final WatchSpec spec;
    private final WatchSession session;
    private final WatchBackend backend;
    private final WatchSettings settings;
    private final Executor executor;
    private final ShardMerge merge;
    private final long createdRevision;
    private final Map<Long, ShardFeed> feeds = new HashMap<>();
    private final Set<ShardFeed> paused = new LinkedHashSet<>();
    private int failures;
    private boolean sentSinceNotify;
    private boolean closed;

    TenantWatch(long id, WatchSpec spec, long start, long createdRevision, WatchSession session) {
        this.createdRevision = createdRevision;
        this.id = id;
        this.spec = spec;
        this.session = session;
        this.backend = session.backend();
        this.settings = session.settings();
        this.executor = session.executor();
        this.merge = new ShardMerge(start);
    }

    long id() {
        return id;
    }

    long safeRevision() {
        return merge.safeRevision();
    }

    /** Opens the feeds of the whole range; they start at the merge's start revision. */
    void start() {
        long placeholder = FEED_IDS.incrementAndGet();
        merge.addFeed(placeholder, merge.safeRevision());
        replan(new ShardFeed(placeholder, null, spec.key(), spec.end()));
    }

    @Override
    public void onMessage(ShardFeed feed, ShardWatchResponse message) {
        if (closed || !feeds.containsKey(feed.id())) {
            return;
        }
        if (message.hasError()) {
            feedLost(feed, message.getError(), null);
            return;
        }
        if (message.getCompactRevision() != 0) {
            session.compacted(this, message.getCompactRevision());
            return;
        }
        failures = 0;
        merge.offer(feed.id(), message.getEventsList(), message.getProgressRevision());
        emit();
        if (merge.pendingEvents() < settings.maxPendingEvents()
                || merge.progressOf(feed.id()) <= merge.safeRevision()) {
            feed.request();
        } else {
            paused.add(feed);
        }
        session.progressMayBeReady();
    }

    @Override
    public void onEnded(ShardFeed feed, Throwable failure) {
        if (!closed && feeds.containsKey(feed.id())) {
            feedLost(feed, null, failure);
        }
    }

    private void feedLost(ShardFeed feed, ShardError error, Throwable failure) {
        feed.cancel();
        paused.remove(feed);
        boolean refresh = true;
        if (error != null && error.hasNotLeader() && error.getNotLeader().getLeaderNodeId() != 0) {
            backend.leaderHint(error.getNotLeader().getShardId(), error.getNotLeader().getLeaderNodeId(),
                    error.getNotLeader().getLeaderRpcAddress());
            refresh = false;
        }
        LOG.debug("watch {}: feed of shard {} ended ({}), resuming after revision {}", id,
                feed.target().shardId(), error != null ? error : failure, merge.progressOf(feed.id()));
        retryLater(feed, refresh);
    }

    private void retryLater(ShardFeed feed, boolean refresh) {
        long delay = failures == 0 && !refresh ? 0 : Math.min(MAX_BACKOFF_MILLIS, 10L << Math.min(failures, 10));
        failures++;
        WatchTimers.schedule(() -> executor.execute(() -> {
            if (closed) {
                return;
            }
            if (refresh) {
                try {
                    backend.refresh();
                } catch (RuntimeException e) {
                    LOG.debug("watch {}: route refresh failed: {}", id, e.toString());
                }
            }
            replan(feed);
        }), delay, TimeUnit.MILLISECONDS);
    }

    /** Replaces {@code feed} by feeds for the shards now holding its range, from its progress on. */
    private void replan(ShardFeed feed) {
        feeds.remove(feed.id());
        List<ShardFeed> successors;
        try {
            successors = FeedPlan.plan(backend, feed.key(), feed.end(), FEED_IDS::incrementAndGet).orElse(null);
        } catch (RuntimeException e) {
            LOG.debug("watch {}: no route for its range yet: {}", id, e.toString());
            successors = null;
        }
        if (successors == null) {
            feeds.put(feed.id(), feed);
            retryLater(feed, true);
            return;
        }
        long from = merge.progressOf(feed.id()) + 1;
        merge.replace(feed.id(), successors.stream().map(ShardFeed::id).toList());
        for (ShardFeed successor : successors) {
            feeds.put(successor.id(), successor);
            successor.open(backend.channel(successor.target().address()), from, spec.prevKv(),
                    settings.shardProgressInterval().toMillis(), executor, this);
        }
    }

    private void emit() {
        List<ShardMerge.Revision> ready = merge.release();
        if (!ready.isEmpty()) {
            // Like etcd's, headers never go below the created response's (the revision "now").
            long header = Math.max(merge.safeRevision(), createdRevision);
            List<Event> batch = new ArrayList<>();
            int bytes = 0;
            for (ShardMerge.Revision revision : ready) {
                List<Event> events = new ArrayList<>();
                for (Event event : spec.filter().apply(revision.events())) {
                    spec.tenant().decode(event).ifPresent(events::add);
                }
                int size = events.stream().mapToInt(Event::getSerializedSize).sum();
                if (!batch.isEmpty() && bytes + size > settings.maxResponseBytes()) {
                    send(batch, header);
                    batch = new ArrayList<>();
                    bytes = 0;
                }
                batch.addAll(events);
                bytes += size;
            }
            if (!batch.isEmpty()) {
                send(batch, header);
            }
        }
        if (merge.pendingEvents() < settings.maxPendingEvents() && !paused.isEmpty()) {
            List<ShardFeed> resume = List.copyOf(paused);
            paused.clear();
            resume.forEach(ShardFeed::request);
        }
    }

    private void send(List<Event> events, long headerRevision) {
        WatchResponse response = WatchResponse.newBuilder()
                .setHeader(backend.header(headerRevision))
                .setWatchId(id)
                .addAllEvents(events)
                .build();
        sentSinceNotify = true;
        if (spec.fragment()) {
            WatchFragments.split(response, settings.maxResponseBytes()).forEach(session::send);
        } else {
            session.send(response);
        }
    }

    /**
     * etcd's progress_notify: a progress notification when nothing was sent since the last
     * tick and the watch has caught up with the revision it was created at (etcd: synced).
     */
    void progressTick() {
        if (spec.progressNotify() && !sentSinceNotify && !closed && merge.safeRevision() >= createdRevision) {
            session.send(WatchResponse.newBuilder()
                    .setHeader(backend.header(merge.safeRevision())).setWatchId(id).build());
        }
        sentSinceNotify = false;
    }

    void close() {
        closed = true;
        feeds.values().forEach(ShardFeed::cancel);
        feeds.clear();
        paused.clear();
    }

    /** What a watch was created with, in internal keys. */
    record WatchSpec(TenantRange tenant, ByteString key, ByteString end, EventFilter filter,
                     boolean prevKv, boolean fragment, boolean progressNotify) {
    }
}
