package io.cairn.gateway.watch;

import com.google.protobuf.ByteString;
import io.cairn.api.meta.ShardEpoch;

/** One shard of a watched range: its id, epoch, key range and the node to stream from ("" when unknown). */
public record ShardTarget(long shardId, ShardEpoch epoch, ByteString start, ByteString end, String address) {
}
