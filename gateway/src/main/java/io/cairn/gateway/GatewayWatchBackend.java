package io.cairn.gateway;

import com.google.protobuf.ByteString;
import io.cairn.api.etcdserverpb.ResponseHeader;
import io.cairn.api.meta.ShardRoute;
import io.cairn.controlplane.client.PlacementClient;
import io.cairn.gateway.watch.ShardTarget;
import io.cairn.gateway.watch.WatchBackend;
import io.grpc.Channel;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Watches' view of the gateway's routing: the route cache, node channels, the TSO and headers. */
final class GatewayWatchBackend implements WatchBackend {
    private static final long TSO_TIMEOUT_SECONDS = 5;

    private final RouteCache routes;
    private final NodeChannels channels;
    private final PlacementClient placement;
    private final ResponseHeaders headers;

    GatewayWatchBackend(RouteCache routes, NodeChannels channels, PlacementClient placement, ResponseHeaders headers) {
        this.routes = routes;
        this.channels = channels;
        this.placement = placement;
        this.headers = headers;
    }

    @Override
    public List<ShardTarget> shards(ByteString key, ByteString end) {
        RouteSnapshot snapshot = routes.current();
        List<ShardRoute> shards = end.isEmpty()
                ? snapshot.shardFor(key).map(List::of).orElse(List.of())
                : snapshot.overlapping(key, end);
        return shards.stream().map(route -> new ShardTarget(route.getShard().getId(), route.getShard().getEpoch(),
                route.getShard().getStartKey(), route.getShard().getEndKey(),
                snapshot.targetAddress(route).orElse(""))).toList();
    }

    @Override
    public void refresh() {
        routes.refresh(routes.current());
    }

    @Override
    public void leaderHint(long shardId, long nodeId, String address) {
        routes.leaderHint(shardId, nodeId, address);
    }

    @Override
    public Channel channel(String address) {
        return channels.forAddress(address);
    }

    @Override
    public long currentRevision() {
        try {
            return placement.allocateRevisions(1).get(TSO_TIMEOUT_SECONDS, TimeUnit.SECONDS).getFirst();
        } catch (ExecutionException | TimeoutException e) {
            throw new GatewayException(new GatewayError.Unavailable("cairn: no revision from the control plane: " + e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GatewayException(new GatewayError.Unavailable("cairn: interrupted"), e);
        }
    }

    @Override
    public ResponseHeader header(long revision) {
        return headers.of(revision, 0);
    }
}
