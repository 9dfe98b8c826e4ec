package io.cairn.testkit.robustness;

import io.cairn.api.placement.AdminGrpc;
import io.cairn.api.placement.PlacementGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The control plane's Admin and Placement services of a cluster target, with the cluster token.
 * A call goes to the replica that answered last and moves on to the next on any error (only the
 * leader answers), for up to 60 s: a fault may just have killed the leader.
 */
final class ClusterAdmin implements AutoCloseable {
    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private static final long RETRY_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final List<ManagedChannel> channels = new ArrayList<>();
    private final List<AdminGrpc.AdminBlockingStub> admins = new ArrayList<>();
    private final List<PlacementGrpc.PlacementBlockingStub> placements = new ArrayList<>();
    private int current;

    ClusterAdmin(List<String> controlPlaneAddresses, String clusterToken) {
        Metadata headers = new Metadata();
        headers.put(AUTHORIZATION, "Bearer " + clusterToken);
        for (String address : controlPlaneAddresses) {
            ManagedChannel channel = NettyChannelBuilder.forTarget(address).usePlaintext().build();
            channels.add(channel);
            admins.add(AdminGrpc.newBlockingStub(channel)
                    .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers)));
            placements.add(PlacementGrpc.newBlockingStub(channel)
                    .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers)));
        }
    }

    /** An Admin call on the leader. */
    <T> T admin(Function<AdminGrpc.AdminBlockingStub, T> call) {
        return retry(i -> call.apply(admins.get(i).withDeadlineAfter(5, TimeUnit.SECONDS)));
    }

    /** A Placement call (e.g. ControlPlaneStatus) on whichever replica answers. */
    <T> T placement(Function<PlacementGrpc.PlacementBlockingStub, T> call) {
        return retry(i -> call.apply(placements.get(i).withDeadlineAfter(5, TimeUnit.SECONDS)));
    }

    private synchronized <T> T retry(Function<Integer, T> call) {
        long end = System.nanoTime() + RETRY_NANOS;
        StatusRuntimeException last = null;
        while (System.nanoTime() < end) {
            for (int tried = 0; tried < channels.size(); tried++) {
                try {
                    return call.apply(current);
                } catch (StatusRuntimeException e) {
                    last = e;
                    current = (current + 1) % channels.size();
                }
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("no control-plane replica answered within 60 s", last);
    }

    @Override
    public void close() {
        channels.forEach(ManagedChannel::shutdownNow);
    }
}
