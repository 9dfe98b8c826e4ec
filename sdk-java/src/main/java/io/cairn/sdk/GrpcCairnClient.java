package io.cairn.sdk;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** gRPC transport: one channel per gateway endpoint, failing over in order. */
final class GrpcCairnClient implements CairnClient {
    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private final List<ManagedChannel> channels;
    private final GrpcAsyncKv async;
    private final BlockingKv blocking;

    GrpcCairnClient(List<String> endpoints, String apiKey, Duration timeout) {
        this.channels = endpoints.stream()
                .map(e -> ManagedChannelBuilder.forTarget(e).usePlaintext().build())
                .toList();
        Metadata headers = new Metadata();
        if (apiKey != null) {
            headers.put(AUTHORIZATION, "Bearer " + apiKey);
        }
        Endpoints pool = new Endpoints(channels, MetadataUtils.newAttachHeadersInterceptor(headers));
        this.async = new GrpcAsyncKv(pool, new RetryPolicy(4, Duration.ofMillis(50), timeout), timeout);
        this.blocking = new BlockingKv(async);
    }

    @Override
    public Kv kv() {
        return blocking;
    }

    @Override
    public AsyncKv async() {
        return async;
    }

    @Override
    public void close() {
        async.close();
        for (ManagedChannel channel : channels) {
            channel.shutdown();
        }
        for (ManagedChannel channel : channels) {
            try {
                if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
                    channel.shutdownNow();
                }
            } catch (InterruptedException e) {
                channel.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
    }
}
