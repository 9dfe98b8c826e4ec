package io.cairn.gateway.watch;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;

/** Splits a watched range into one feed per shard, each clipped to its shard. */
final class FeedPlan {
    private static final Comparator<ByteString> ORDER = ByteString.unsignedLexicographicalComparator();

    private FeedPlan() {
    }

    /**
     * Feeds covering {@code [key, end)} (the single {@code key} when {@code end} is empty), or
     * empty when some part has no shard with a known node yet (the caller tries again later).
     */
    static Optional<List<ShardFeed>> plan(WatchBackend backend, ByteString key, ByteString end, LongSupplier ids) {
        List<ShardTarget> shards = backend.shards(key, end);
        if (shards.isEmpty() || shards.stream().anyMatch(s -> s.address().isEmpty()) || !covers(shards, key, end)) {
            return Optional.empty();
        }
        List<ShardFeed> feeds = new ArrayList<>();
        for (ShardTarget shard : shards) {
            if (end.isEmpty()) {
                feeds.add(new ShardFeed(ids.getAsLong(), shard, key, end));
                continue;
            }
            ByteString from = ORDER.compare(key, shard.start()) >= 0 ? key : shard.start();
            ByteString to = shard.end().isEmpty() || ORDER.compare(end, shard.end()) <= 0 ? end : shard.end();
            feeds.add(new ShardFeed(ids.getAsLong(), shard, from, to));
        }
        return Optional.of(feeds);
    }

    /** True when the shards, in key order, leave no gap in the range. */
    private static boolean covers(List<ShardTarget> shards, ByteString key, ByteString end) {
        if (end.isEmpty() || ORDER.compare(end, key) <= 0) {
            return shards.size() == 1;
        }
        ByteString next = key;
        for (ShardTarget shard : shards) {
            if (ORDER.compare(shard.start(), next) > 0) {
                return false;
            }
            if (shard.end().isEmpty()) {
                return true;
            }
            next = ORDER.compare(shard.end(), next) > 0 ? shard.end() : next;
        }
        return ORDER.compare(next, end) >= 0;
    }
}
