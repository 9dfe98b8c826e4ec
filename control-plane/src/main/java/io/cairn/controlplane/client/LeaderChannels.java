package io.cairn.controlplane.client;

import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One gRPC channel per control-plane replica, and which replica is believed to lead:
 * a {@code cairn-leader} hint moves the belief there, a failure without a hint moves it to
 * the next known address.
 */
final class LeaderChannels implements AutoCloseable {
    static final Metadata.Key<String> LEADER_KEY = Metadata.Key.of("cairn-leader", Metadata.ASCII_STRING_MARSHALLER);
    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private final List<String> addresses;
    private final Metadata credentials = new Metadata();
    private final Map<String, ManagedChannel> channels = new ConcurrentHashMap<>();
    private volatile String leader;
    private volatile boolean closed;

    LeaderChannels(List<String> addresses, String clusterToken) {
        this.addresses = new ArrayList<>(addresses);
        this.leader = addresses.get(0);
        credentials.put(AUTHORIZATION, "Bearer " + clusterToken);
    }

    /** The address believed to lead. */
    String leader() {
        return leader;
    }

    boolean isClosed() {
        return closed;
    }

    Channel channel(String address) {
        if (closed) {
            throw new IllegalStateException("placement client is closed");
        }
        ManagedChannel channel = channels.computeIfAbsent(address, a -> NettyChannelBuilder.forTarget(a)
                .usePlaintext()
                .keepAliveTime(10, TimeUnit.SECONDS)
                .keepAliveTimeout(5, TimeUnit.SECONDS)
                .build());
        return ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(credentials));
    }

    /** Moves the leader belief after {@code failed} did not answer as leader. */
    synchronized void failedOver(String failed, Optional<String> hint) {
        if (hint.isPresent() && !hint.get().equals(failed)) {
            if (!addresses.contains(hint.get())) {
                addresses.add(hint.get());
            }
            leader = hint.get();
            return;
        }
        if (failed.equals(leader)) {
            int i = addresses.indexOf(failed);
            leader = addresses.get((i + 1) % addresses.size());
        }
    }

    @Override
    public void close() {
        closed = true;
        channels.values().forEach(ManagedChannel::shutdownNow);
        for (ManagedChannel channel : channels.values()) {
            try {
                channel.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
