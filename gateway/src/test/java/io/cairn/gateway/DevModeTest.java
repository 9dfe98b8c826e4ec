package io.cairn.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.api.etcdserverpb.PutRequest;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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
}
