package io.cairn.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.api.etcdserverpb.PutRequest;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

class DevModeTest {
    private static GatewayFixture fx;

    @BeforeAll
    static void start() {
        fx = new GatewayFixture(true, 1);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        fx.close();
    }

    @Test
    void loopbackCallWithoutCredentialActsAsTheDevTenant() {
        fx.kvAnonymous().put(PutRequest.newBuilder().setKey(GatewayFixture.bytes("dev")).setValue(
                GatewayFixture.bytes("v")).build());
        assertThat(fx.get(fx.alphaKey, "dev")).isEqualTo("v");
        assertThat(fx.get(fx.betaKey, "dev")).isNull();
        var http = fx.send(java.net.http.HttpRequest.newBuilder(fx.uri("/v1/kv/dev")).GET().build());
        assertThat(http.statusCode()).isEqualTo(200);
        assertThat(http.body()).isEqualTo("v");
    }

    @Test
    void anApiKeyStillSelectsItsOwnTenantInDevMode() {
        fx.put(fx.betaKey, "mine", "beta");
        assertThat(fx.get(fx.betaKey, "mine")).isEqualTo("beta");
        assertThat(fx.get(fx.alphaKey, "mine")).isNull();
    }

    @Test
    void nonLoopbackCallerWithoutCredentialIsRefusedEvenInDevMode() {
        FakePlacement placement = fx.cluster.placement();
        Authenticator authenticator = new Authenticator(
                new ApiKeyVerifier(placement, Duration.ofSeconds(5), Clock.systemUTC()),
                new TokenStore(Duration.ofMinutes(5), Clock.systemUTC()), placement, fx.config);
        assertThat(authenticator.authenticate(new Credential.None(), true).tenantName()).isEqualTo("alpha");
        assertThatThrownBy(() -> authenticator.authenticate(new Credential.None(), false))
                .isInstanceOfSatisfying(GatewayException.class, e ->
                        assertThat(e.error()).isEqualTo(new GatewayError.Unauthenticated(Authenticator.MISSING_OR_INVALID)));
    }

    @Test
    void restSeesTheClientAddressTheRelayNames() throws Exception {
        int rest = ((HelidonGateway) fx.gateway).restPort();
        assertThat(rawGet(rest, "PROXY TCP4 127.0.0.1 127.0.0.1 40000 2379\r\n")).startsWith("HTTP/1.1 200");
        assertThat(rawGet(rest, "PROXY TCP4 203.0.113.7 127.0.0.1 40000 2379\r\n")).startsWith("HTTP/1.1 401");
    }

    @Test
    void aClientCannotNameItsOwnAddressOnThePublicPort() throws Exception {
        // The relay's own PROXY header comes first; the client's is then a malformed request line.
        assertThat(rawGet(fx.gateway.port(), "PROXY TCP4 127.0.0.1 127.0.0.1 40000 2379\r\n")).startsWith("HTTP/1.1 400");
        assertThat(rawGet(fx.gateway.port(), "")).startsWith("HTTP/1.1 200");
    }

    /** The status line of a GET sent after {@code prefix}, or "" when the server closes instead. */
    private static String rawGet(int port, String prefix) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write((prefix + "GET /v1/kv/dev HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            StringBuilder line = new StringBuilder();
            for (int c = socket.getInputStream().read(); c >= 0 && c != '\n'; c = socket.getInputStream().read()) {
                line.append((char) c);
            }
            return line.toString().strip();
        }
    }
}
