package io.cairn.gateway.watch;

import java.time.Duration;

/**
 * Watch knobs with their defaults.
 *
 * @param progressNotifyInterval how often a watch created with {@code progress_notify} gets
 *     a progress notification when idle (etcd: 10 minutes)
 * @param shardProgressInterval how often each store node reports an idle shard's safe
 *     revision; a watch spanning shards emits an event only once every shard has reported
 *     past it, so this bounds the extra latency of a cross-shard watch
 * @param maxWatchesPerStream watches one gRPC stream may hold
 * @param maxWatchesPerTenant watches one tenant may hold on this gateway
 * @param maxPendingEvents events a watch may hold while waiting for a slower shard before
 *     it stops reading from the faster ones
 * @param maxResponseBytes responses are cut (between revisions; inside one only with
 *     {@code fragment}) above this size (etcd: the request size limit, 1.5 MiB)
 */
public record WatchSettings(
        Duration progressNotifyInterval,
        Duration shardProgressInterval,
        int maxWatchesPerStream,
        int maxWatchesPerTenant,
        int maxPendingEvents,
        int maxResponseBytes) {

    public static final Duration DEFAULT_PROGRESS_NOTIFY_INTERVAL = Duration.ofMinutes(10);

    public static WatchSettings defaults() {
        return withProgressNotify(DEFAULT_PROGRESS_NOTIFY_INTERVAL);
    }

    public static WatchSettings withProgressNotify(Duration progressNotifyInterval) {
        return new WatchSettings(progressNotifyInterval, Duration.ofMillis(100), 1000, 10_000, 10_000, 1536 * 1024);
    }
}
