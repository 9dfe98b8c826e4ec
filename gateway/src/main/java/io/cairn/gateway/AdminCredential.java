package io.cairn.gateway;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Who may use the admin REST API: only a caller presenting the admin token
 * ({@code Authorization: Bearer <cluster token>}). A tenant's valid credential is refused with
 * 403, anything else with 401.
 */
final class AdminCredential {
    static final String DENIED_TO_TENANTS =
            "cairn: the admin API needs the cluster's admin credential; tenant API keys and tokens are not allowed";
    static final String MISSING = "cairn: missing or invalid admin credential";

    private final byte[] expected;
    private final Authenticator tenants;

    AdminCredential(String adminToken, Authenticator tenants) {
        this.expected = adminToken == null || adminToken.isEmpty() ? null : adminToken.getBytes(StandardCharsets.UTF_8);
        this.tenants = tenants;
    }

    /** Returns when {@code authorization} carries the admin token, else throws the right refusal. */
    void check(String authorization, String etcdToken) {
        if (expected == null) {
            throw new GatewayException(new GatewayError.AdminDenied("cairn: the admin API is off on this gateway"));
        }
        String presented = bearer(authorization);
        if (presented != null && MessageDigest.isEqual(expected, presented.getBytes(StandardCharsets.UTF_8))) {
            return;
        }
        Credential credential = Credential.from(authorization, etcdToken);
        if (!(credential instanceof Credential.None)) {
            try {
                tenants.authenticate(credential, false);
            } catch (GatewayException notATenant) {
                throw new GatewayException(new GatewayError.Unauthenticated(MISSING), notATenant);
            }
            throw new GatewayException(new GatewayError.AdminDenied(DENIED_TO_TENANTS));
        }
        throw new GatewayException(new GatewayError.Unauthenticated(MISSING));
    }

    private static String bearer(String authorization) {
        if (authorization == null) {
            return null;
        }
        String value = authorization.strip();
        return value.regionMatches(true, 0, "Bearer ", 0, 7) ? value.substring(7).strip() : null;
    }
}
