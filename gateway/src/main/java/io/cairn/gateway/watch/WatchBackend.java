package io.cairn.gateway.watch;

import com.google.protobuf.ByteString;
import io.cairn.api.etcdserverpb.ResponseHeader;
import io.grpc.Channel;
import java.util.List;

/**
 * What watches need from the gateway: the shards of a key range with the node to stream
 * from, route refreshes, channels to store nodes, fresh revisions from the timestamp oracle
 * and etcd's response header. Implemented over the gateway's route cache.
 */
public interface WatchBackend {

    /** Shards overlapping {@code [key, end)} (or holding {@code key} when {@code end} is empty), in key order. */
    List<ShardTarget> shards(ByteString key, ByteString end);

    /** Fetches the route table again (a node said the route is stale, or could not be reached). */
    void refresh();

    /** A store node told us who leads {@code shardId}. */
    void leaderHint(long shardId, long nodeId, String address);

    Channel channel(String address);

    /** A fresh revision from the timestamp oracle: every write acknowledged before the call has a lower one. */
    long currentRevision();

    ResponseHeader header(long revision);
}
