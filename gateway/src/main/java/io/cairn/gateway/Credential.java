package io.cairn.gateway;

/** What a caller presented, before it is verified. */
sealed interface Credential {

    String API_KEY_PREFIX = "cairn_";

    /** {@code authorization: Bearer cairn_<keyid>_<secret>}. */
    record ApiKey(String key) implements Credential {
        @Override
        public String toString() {
            return "ApiKey[redacted]";
        }
    }

    /** A token issued by {@code Auth.Authenticate}: etcd's {@code token} metadata. */
    record Token(String token) implements Credential {
        @Override
        public String toString() {
            return "Token[redacted]";
        }
    }

    /** Nothing presented. */
    record None() implements Credential {
    }

    /**
     * Reads the credential from an {@code authorization} value and etcd's {@code token}
     * value, either of which may be null. A bearer value is an API key when it has the API
     * key prefix, otherwise a token; a bare authorization value (what etcd's JSON gateway
     * sends) likewise.
     */
    static Credential from(String authorization, String token) {
        if (authorization != null && !authorization.isBlank()) {
            String value = authorization.strip();
            if (value.regionMatches(true, 0, "Bearer ", 0, 7)) {
                value = value.substring(7).strip();
            }
            return value.startsWith(API_KEY_PREFIX) ? new ApiKey(value) : new Token(value);
        }
        if (token != null && !token.isBlank()) {
            String value = token.strip();
            return value.startsWith(API_KEY_PREFIX) ? new ApiKey(value) : new Token(value);
        }
        return new None();
    }
}
