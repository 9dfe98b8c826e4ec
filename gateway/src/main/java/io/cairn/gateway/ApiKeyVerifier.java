package io.cairn.gateway;

import io.cairn.api.meta.ApiKeyRecord;
import io.cairn.api.placement.LookupApiKeyResponse;
import io.cairn.controlplane.client.PlacementClient;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies API keys of the form {@code cairn_<keyid>_<secret>} against the control plane's
 * records: SHA-256 of the secret compared in constant time, then revocation and expiry.
 * Records are cached for a short time ({@code ttl}), which bounds how long a revoked key keeps
 * working on this gateway while the control plane answers. An expired record is refreshed in
 * the background while the old one keeps serving (one refresh per key at a time), so requests
 * never wait for the control plane once a key is known, and a control-plane election or
 * outage does not stall them; a record older than {@link #MAX_STALE_MS} is never used.
 */
final class ApiKeyVerifier {
    private record Cached(LookupApiKeyResponse lookup, long fetchedAtMs) {
    }

    /** How long a known key keeps working on a gateway that cannot reach the control plane. */
    static final long MAX_STALE_MS = Duration.ofMinutes(10).toMillis();
    private static final Logger LOG = LoggerFactory.getLogger(ApiKeyVerifier.class);

    private final PlacementClient placement;
    private final long ttlMs;
    private final Clock clock;
    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();
    private final Set<String> refreshing = ConcurrentHashMap.newKeySet();

    ApiKeyVerifier(PlacementClient placement, Duration ttl, Clock clock) {
        this.placement = placement;
        this.ttlMs = ttl.toMillis();
        this.clock = clock;
    }

    /** The key's tenant, or empty when the key is malformed, unknown, wrong, revoked or expired. */
    Optional<TenantPrincipal> verify(String apiKey) {
        if (!apiKey.startsWith(Credential.API_KEY_PREFIX)) {
            return Optional.empty();
        }
        String rest = apiKey.substring(Credential.API_KEY_PREFIX.length());
        int split = rest.indexOf('_');
        if (split <= 0 || split == rest.length() - 1) {
            return Optional.empty();
        }
        String keyId = rest.substring(0, split);
        byte[] secretHash = sha256(rest.substring(split + 1));
        LookupApiKeyResponse lookup = lookup(keyId);
        if (!lookup.getFound() || !lookup.hasTenant()) {
            return Optional.empty();
        }
        ApiKeyRecord record = lookup.getRecord();
        boolean hashMatches = MessageDigest.isEqual(secretHash, record.getSecretSha256().toByteArray());
        boolean expired = record.getExpiresAtMs() != 0 && clock.millis() >= record.getExpiresAtMs();
        if (!hashMatches || record.getRevoked() || expired || !record.getKeyId().equals(keyId)) {
            return Optional.empty();
        }
        return Optional.of(new TenantPrincipal(
                record.getTenantId(), lookup.getTenant().getName(), record.getScopesList()));
    }

    private LookupApiKeyResponse lookup(String keyId) {
        long now = clock.millis();
        Cached cached = cache.get(keyId);
        if (cached != null && now - cached.fetchedAtMs() < ttlMs) {
            return cached.lookup();
        }
        if (cached != null && now - cached.fetchedAtMs() < MAX_STALE_MS) {
            refreshInBackground(keyId);
            return cached.lookup();
        }
        return fetch(keyId);
    }

    private LookupApiKeyResponse fetch(String keyId) {
        LookupApiKeyResponse fresh = placement.lookupApiKey(keyId);
        long now = clock.millis();
        if (cache.size() > 10_000) {
            cache.values().removeIf(c -> now - c.fetchedAtMs() >= MAX_STALE_MS);
        }
        cache.put(keyId, new Cached(fresh, now));
        return fresh;
    }

    private void refreshInBackground(String keyId) {
        if (!refreshing.add(keyId)) {
            return;
        }
        Thread.ofVirtual().name("cairn-api-key-refresh").start(() -> {
            try {
                fetch(keyId);
            } catch (RuntimeException e) {
                LOG.warn("API key {}: refresh from the control plane failed, the cached record keeps serving: {}",
                        keyId, e.toString());
            } finally {
                refreshing.remove(keyId);
            }
        });
    }

    static byte[] sha256(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
