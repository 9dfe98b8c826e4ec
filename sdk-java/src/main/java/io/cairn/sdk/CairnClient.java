package io.cairn.sdk;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The Cairn Java client. Thread-safe; create one per application and close it on exit.
 *
 * <pre>{@code
 * try (CairnClient client = CairnClient.builder().endpoint("127.0.0.1:2379").apiKey(key).build()) {
 *     client.kv().put("config/db", "postgres://db");
 *     Optional<KeyValue> kv = client.kv().get("config/db");
 * }
 * }</pre>
 */
public interface CairnClient extends AutoCloseable {

    static Builder builder() {
        return new Builder();
    }

    /** Blocking key-value operations. */
    Kv kv();

    /** The same operations, asynchronous. */
    AsyncKv async();

    @Override
    void close();

    final class Builder {
        private final List<String> endpoints = new ArrayList<>();
        private String apiKey;
        private Duration timeout = Duration.ofSeconds(10);

        private Builder() {
        }

        /** A gateway's host:port; give several to fail over between gateways. */
        public Builder endpoint(String hostPort) {
            endpoints.add(hostPort);
            return this;
        }

        /** The tenant's API key ({@code cairn_<id>_<secret>}). */
        public Builder apiKey(String key) {
            this.apiKey = key;
            return this;
        }

        /** Deadline of each call (default 10 s). */
        public Builder timeout(Duration value) {
            this.timeout = value;
            return this;
        }

        public CairnClient build() {
            if (endpoints.isEmpty()) {
                throw new IllegalArgumentException("at least one endpoint is required");
            }
            return new GrpcCairnClient(List.copyOf(endpoints), apiKey, timeout);
        }
    }
}
