package io.cairn.gateway;

import io.cairn.api.meta.Tenant;
import io.cairn.controlplane.client.PlacementClient;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Turns a credential into the tenant a request acts for: an API key, a token from
 * {@code Auth.Authenticate}, or (dev mode only) nothing at all from a loopback address,
 * which acts as the configured dev tenant.
 */
final class Authenticator {
    static final String MISSING_OR_INVALID = "cairn: missing or invalid API key";

    private final ApiKeyVerifier apiKeys;
    private final TokenStore tokens;
    private final PlacementClient placement;
    private final GatewayConfig config;
    private final AtomicReference<TenantPrincipal> devPrincipal = new AtomicReference<>();

    Authenticator(ApiKeyVerifier apiKeys, TokenStore tokens, PlacementClient placement, GatewayConfig config) {
        this.apiKeys = apiKeys;
        this.tokens = tokens;
        this.placement = placement;
        this.config = config;
    }

    TenantPrincipal authenticate(Credential credential, boolean fromLoopback) {
        return switch (credential) {
            case Credential.ApiKey key -> apiKeys.verify(key.key()).orElseThrow(Authenticator::unauthenticated);
            case Credential.Token token -> tokens.use(token.token())
                    .flatMap(apiKeys::verify)
                    .orElseThrow(() -> new GatewayException(new GatewayError.InvalidToken()));
            case Credential.None none -> {
                if (config.devMode() && fromLoopback) {
                    yield devTenant();
                }
                throw unauthenticated();
            }
        };
    }

    /** etcd's {@code Authenticate(name, password)}: name is the tenant, password its API key. */
    String issueToken(String tenantName, String apiKey) {
        boolean valid = apiKeys.verify(apiKey).filter(p -> p.tenantName().equals(tenantName)).isPresent();
        if (!valid) {
            throw new GatewayException(new GatewayError.AuthFailed());
        }
        return tokens.issue(apiKey);
    }

    private TenantPrincipal devTenant() {
        TenantPrincipal known = devPrincipal.get();
        if (known != null) {
            return known;
        }
        Tenant tenant = placement.listTenants().stream()
                .filter(t -> t.getName().equals(config.devTenant()))
                .findFirst()
                .orElseThrow(() -> new GatewayException(new GatewayError.Unauthenticated(
                        "cairn: dev tenant '" + config.devTenant() + "' does not exist")));
        TenantPrincipal principal = new TenantPrincipal(tenant.getId(), tenant.getName(), List.of());
        devPrincipal.set(principal);
        return principal;
    }

    private static GatewayException unauthenticated() {
        return new GatewayException(new GatewayError.Unauthenticated(MISSING_OR_INVALID));
    }

    /** Whether the caller's address is loopback (dev mode lets such calls in without a key). */
    static boolean isLoopback(SocketAddress address) {
        return address instanceof InetSocketAddress inet
                && inet.getAddress() != null
                && inet.getAddress().isLoopbackAddress();
    }
}
