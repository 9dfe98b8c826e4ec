package io.cairn.loadtest;

import io.cairn.api.etcdserverpb.KVGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Blocking KV stubs over a few channels to one endpoint. */
final class KvTarget implements AutoCloseable {
    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private final List<ManagedChannel> channels;
    private final List<KVGrpc.KVBlockingStub> stubs;

    private KvTarget(List<ManagedChannel> channels, List<KVGrpc.KVBlockingStub> stubs) {
        this.channels = channels;
        this.stubs = stubs;
    }

    static KvTarget connect(String endpoint, String apiKey, int connections) {
        List<ManagedChannel> channels = new ArrayList<>();
        List<KVGrpc.KVBlockingStub> stubs = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            ManagedChannel channel = NettyChannelBuilder.forTarget(endpoint).usePlaintext().build();
            KVGrpc.KVBlockingStub stub = KVGrpc.newBlockingStub(channel);
            if (apiKey != null && !apiKey.isEmpty()) {
                Metadata headers = new Metadata();
                headers.put(AUTHORIZATION, "Bearer " + apiKey);
                stub = stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
            }
            channels.add(channel);
            stubs.add(stub);
        }
        return new KvTarget(channels, stubs);
    }

    KVGrpc.KVBlockingStub stub(int client) {
        return stubs.get(client % stubs.size()).withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        for (ManagedChannel channel : channels) {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
