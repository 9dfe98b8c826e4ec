package io.cairn.gateway;

import java.time.Duration;

/**
 * Internal knobs with their defaults: how long API-key lookups and tokens live, and how
 * hard the router retries. Tests shorten them.
 *
 * @param apiKeyCacheTtl how long a looked-up API key record is trusted; bounds how late a
 *     revocation is seen by this gateway
 * @param tokenTtl idle lifetime of a token issued by {@code Auth.Authenticate}
 * @param retry back-off and deadline of shard calls
 */
record GatewayTuning(Duration apiKeyCacheTtl, Duration tokenTtl, RetryPolicy retry) {

    static GatewayTuning defaults() {
        return new GatewayTuning(Duration.ofSeconds(5), Duration.ofMinutes(5), RetryPolicy.defaults());
    }
}
