package io.cairn.server;

import io.cairn.api.etcdserverpb.KVGrpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import java.util.concurrent.TimeUnit;

/** A plain etcd KV gRPC client (generated stubs) for tests that need many fast calls. */
final class GrpcKv implements AutoCloseable {
    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private final ManagedChannel channel;
    final KVGrpc.KVBlockingStub kv;

    GrpcKv(String endpoint, String apiKey) {
        channel = ManagedChannelBuilder.forTarget(endpoint).usePlaintext()
                .maxInboundMessageSize(8 * 1024 * 1024).build();
        KVGrpc.KVBlockingStub stub = KVGrpc.newBlockingStub(channel);
        if (apiKey != null) {
            Metadata headers = new Metadata();
            headers.put(AUTHORIZATION, "Bearer " + apiKey);
            stub = stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
        }
        kv = stub;
    }

    KVGrpc.KVBlockingStub kv() {
        return kv.withDeadlineAfter(15, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
}
