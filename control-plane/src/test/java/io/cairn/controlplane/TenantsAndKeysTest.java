package io.cairn.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.api.meta.ApiKeyRecord;
import io.cairn.api.meta.Tenant;
import io.cairn.api.placement.CreateApiKeyResponse;
import io.cairn.api.placement.ListTenantsRequest;
import io.cairn.api.placement.AdminGrpc;
import io.cairn.api.placement.LookupApiKeyResponse;
import io.cairn.controlplane.client.PlacementClient;
import io.cairn.controlplane.client.PlacementClients;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class TenantsAndKeysTest {
    @TempDir
    Path dir;

    @Test
    void tenantsGetIncreasingIdsAndUniqueNames() {
        try (ControlPlaneCluster cluster = ControlPlaneCluster.single(dir)) {
            PlacementClient client = cluster.client();
            Tenant a = client.createTenant("a", "free");
            Tenant b = client.createTenant("b", "pro");
            assertThat(a.getId()).isEqualTo(1);
            assertThat(b.getId()).isEqualTo(2);
            assertThatThrownBy(() -> client.createTenant("a", "free"))
                    .isInstanceOfSatisfying(StatusRuntimeException.class,
                            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS));
            assertThat(client.listTenants()).containsExactly(a, b);
            assertThat(client.createTenant("c", "").getId()).isEqualTo(3);
        }
    }

    @Test
    void apiKeysAreCreatedOnceLookedUpAndRevokedAndTheSecretIsNeverStored() throws Exception {
        try (ControlPlaneCluster cluster = ControlPlaneCluster.single(dir)) {
            PlacementClient client = cluster.client();
            Tenant acme = client.createTenant("acme", "free");
            CreateApiKeyResponse created = client.createApiKey("acme", List.of("read"), 4_102_444_800_000L);

            String[] parts = created.getApiKey().split("_");
            assertThat(parts).hasSize(3);
            assertThat(parts[0]).isEqualTo("cairn");
            assertThat(parts[1]).matches("[0-9a-f]{16}").isEqualTo(created.getRecord().getKeyId());
            assertThat(parts[2]).matches("[0-9a-f]{32}");
            String secret = parts[2];
            ApiKeyRecord record = created.getRecord();
            assertThat(record.getSecretSha256().toByteArray()).isEqualTo(
                    MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
            assertThat(record.getTenantId()).isEqualTo(acme.getId());
            assertThat(record.getScopesList()).containsExactly("read");
            assertThat(record.getExpiresAtMs()).isEqualTo(4_102_444_800_000L);

            LookupApiKeyResponse found = client.lookupApiKey(record.getKeyId());
            assertThat(found.getFound()).isTrue();
            assertThat(found.getRecord()).isEqualTo(record);
            assertThat(found.getTenant()).isEqualTo(acme);
            assertThat(client.lookupApiKey("0000000000000000").getFound()).isFalse();

            ApiKeyRecord revoked = client.revokeApiKey(record.getKeyId());
            assertThat(revoked.getRevoked()).isTrue();
            assertThat(client.lookupApiKey(record.getKeyId()).getRecord().getRevoked()).isTrue();
            assertThatThrownBy(() -> client.createApiKey("nobody", List.of(), 0))
                    .isInstanceOfSatisfying(StatusRuntimeException.class,
                            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
            assertThatThrownBy(() -> client.createApiKey("acme", List.of("read", "admin"), 0))
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                        assertThat(e.getStatus().getDescription()).contains("'admin'", "read, write");
                    });
            assertThat(client.createApiKey("acme", List.of("WRITE", "write"), 0).getRecord().getScopesList())
                    .containsExactly("write");

            assertThat(filesContaining(dir, secret)).isEmpty();
            assertThat(filesContaining(dir, record.getKeyId())).isNotEmpty();
        }
    }

    @Test
    void callsWithoutTheClusterTokenAreRefused() throws Exception {
        try (ControlPlaneCluster cluster = ControlPlaneCluster.single(dir)) {
            cluster.leader();
            String address = cluster.rpcAddresses().get(0);
            ManagedChannel channel = NettyChannelBuilder.forTarget(address).usePlaintext().build();
            try {
                assertThatThrownBy(() -> AdminGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS)
                        .listTenants(ListTenantsRequest.getDefaultInstance()))
                        .isInstanceOfSatisfying(StatusRuntimeException.class,
                                e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
                Metadata wrong = new Metadata();
                wrong.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer nope");
                assertThatThrownBy(() -> AdminGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS)
                        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(wrong))
                        .listTenants(ListTenantsRequest.getDefaultInstance()))
                        .isInstanceOfSatisfying(StatusRuntimeException.class,
                                e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
            } finally {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
            try (PlacementClient wrongToken = PlacementClients.connect(List.of(address), "wrong")) {
                assertThatThrownBy(() -> wrongToken.createTenant("x", ""))
                        .isInstanceOfSatisfying(StatusRuntimeException.class,
                                e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
                assertThatThrownBy(() -> wrongToken.allocateRevisions(1).join())
                        .hasCauseInstanceOf(StatusRuntimeException.class);
            }
            assertThat(cluster.client().listTenants()).isEmpty();
        }
    }

    private static List<Path> filesContaining(Path root, String text) throws IOException {
        byte[] needle = text.getBytes(StandardCharsets.US_ASCII);
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).filter(f -> contains(f, needle)).toList();
        }
    }

    private static boolean contains(Path file, byte[] needle) {
        try {
            byte[] data = Files.readAllBytes(file);
            outer:
            for (int i = 0; i + needle.length <= data.length; i++) {
                for (int j = 0; j < needle.length; j++) {
                    if (data[i + j] != needle[j]) {
                        continue outer;
                    }
                }
                return true;
            }
            return false;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
