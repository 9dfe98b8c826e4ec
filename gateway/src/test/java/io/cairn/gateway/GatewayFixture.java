package io.cairn.gateway;

import com.google.protobuf.ByteString;
import io.cairn.api.etcdserverpb.AuthGrpc;
import io.cairn.api.etcdserverpb.ClusterGrpc;
import io.cairn.api.etcdserverpb.KVGrpc;
import io.cairn.api.etcdserverpb.MaintenanceGrpc;
import io.cairn.api.etcdserverpb.PutRequest;
import io.cairn.api.etcdserverpb.RangeRequest;
import io.cairn.testkit.FreePorts;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real gateway on a free loopback port in front of a {@link FakeCluster}, with two
 * tenants ("alpha", "beta") that each hold an API key, gRPC stubs and an HTTP client.
 */
final class GatewayFixture implements AutoCloseable {
    static final GatewayTuning TUNING = new GatewayTuning(Duration.ofMillis(300), Duration.ofMinutes(5),
            new RetryPolicy(Duration.ofSeconds(2), Duration.ofMillis(5), Duration.ofMillis(100)));

    final FakeCluster cluster;
    final Gateway gateway;
    final GatewayConfig config;
    final long alphaId;
    final long betaId;
    final String alphaKey;
    final String betaKey;
    private final ManagedChannel channel;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    GatewayFixture(boolean devMode, int nodes) {
        cluster = new FakeCluster(nodes);
        alphaId = cluster.placement().createTenant("alpha", "free").getId();
        betaId = cluster.placement().createTenant("beta", "free").getId();
        alphaKey = cluster.placement().createApiKey("alpha", List.of(), 0).getApiKey();
        betaKey = cluster.placement().createApiKey("beta", List.of(), 0).getApiKey();
        cluster.layout();
        config = new GatewayConfig("127.0.0.1", FreePorts.next(), devMode, "alpha",
                64 * 1024, GatewayConfig.DEFAULT_MAX_TXN_OPS);
        gateway = HelidonGateway.start(config, cluster.placement(), TUNING);
        channel = Grpc.newChannelBuilder("127.0.0.1:" + gateway.port(), InsecureChannelCredentials.create())
                .maxInboundMessageSize(64 * 1024 * 1024).build();
    }

    static ByteString bytes(String s) {
        return ByteString.copyFromUtf8(s);
    }

    /** Internal key of a tenant's user key. */
    static ByteString internal(long tenantId, String userKey) {
        return TenantKeyCodec.prefixOf(tenantId).concat(bytes(userKey));
    }

    KVGrpc.KVBlockingStub kv(String apiKey) {
        return withBearer(KVGrpc.newBlockingStub(channel), apiKey);
    }

    KVGrpc.KVBlockingStub kvWithToken(String token) {
        Metadata md = new Metadata();
        md.put(Metadata.Key.of("token", Metadata.ASCII_STRING_MARSHALLER), token);
        return KVGrpc.newBlockingStub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(md))
                .withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    KVGrpc.KVBlockingStub kvAnonymous() {
        return KVGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    MaintenanceGrpc.MaintenanceBlockingStub maintenance(String apiKey) {
        return withBearer(MaintenanceGrpc.newBlockingStub(channel), apiKey);
    }

    ClusterGrpc.ClusterBlockingStub cluster(String apiKey) {
        return withBearer(ClusterGrpc.newBlockingStub(channel), apiKey);
    }

    AuthGrpc.AuthBlockingStub auth() {
        return AuthGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    ManagedChannel channel() {
        return channel;
    }

    private static <S extends AbstractStub<S>> S withBearer(S stub, String apiKey) {
        Metadata md = new Metadata();
        md.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + apiKey);
        return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(md))
                .withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    void put(String apiKey, String key, String value) {
        kv(apiKey).put(PutRequest.newBuilder().setKey(bytes(key)).setValue(bytes(value)).build());
    }

    String get(String apiKey, String key) {
        var kvs = kv(apiKey).range(RangeRequest.newBuilder().setKey(bytes(key)).build()).getKvsList();
        return kvs.isEmpty() ? null : kvs.get(0).getValue().toStringUtf8();
    }

    HttpResponse<String> post(String path, String json, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(request.build());
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + gateway.port() + path);
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdownNow();
        channel.awaitTermination(5, TimeUnit.SECONDS);
        gateway.close();
        cluster.close();
    }
}
