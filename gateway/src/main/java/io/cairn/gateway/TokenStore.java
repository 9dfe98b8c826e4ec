package io.cairn.gateway;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tokens issued by {@code Auth.Authenticate}: 128 random bits, held in memory with an idle
 * expiry that each use extends (etcd's simple tokens behave the same). Tokens are per
 * gateway: a client that reconnects to another gateway gets "invalid auth token" and
 * re-authenticates, as etcd clients do on their own. A token remembers the API key it was
 * issued for, so revoking the key also ends the token.
 */
final class TokenStore {
    private record Entry(String apiKey, long expiresAtMs) {
    }

    private final SecureRandom random = new SecureRandom();
    private final ConcurrentHashMap<String, Entry> tokens = new ConcurrentHashMap<>();
    private final long ttlMs;
    private final Clock clock;

    TokenStore(Duration ttl, Clock clock) {
        this.ttlMs = ttl.toMillis();
        this.clock = clock;
    }

    String issue(String apiKey) {
        byte[] bits = new byte[16];
        random.nextBytes(bits);
        String token = HexFormat.of().formatHex(bits);
        long now = clock.millis();
        if (tokens.size() > 10_000) {
            tokens.values().removeIf(e -> e.expiresAtMs() <= now);
        }
        tokens.put(token, new Entry(apiKey, now + ttlMs));
        return token;
    }

    /** The API key behind a live token; extends the token's life. */
    Optional<String> use(String token) {
        long now = clock.millis();
        Entry entry = tokens.computeIfPresent(token,
                (t, e) -> e.expiresAtMs() <= now ? null : new Entry(e.apiKey(), now + ttlMs));
        return Optional.ofNullable(entry).map(Entry::apiKey);
    }
}
