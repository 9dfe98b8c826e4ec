package io.cairn.testkit.fault;

import java.time.Duration;
import java.util.Objects;

/** How a {@link FaultProxy} treats traffic; switchable while connections are open. */
public sealed interface ProxyMode {

    /** Forward everything. */
    record Pass() implements ProxyMode {
    }

    /**
     * Accept connections but forward nothing, in either direction, until the mode changes (a
     * network black hole: bytes already sent are held, as TCP would retransmit them, not lost).
     */
    record Blackhole() implements ProxyMode {
    }

    /** Close every open connection now, and each new one as soon as it is accepted. */
    record DropConnections() implements ProxyMode {
    }

    /** Forward each chunk after {@code fixed} plus a uniformly random extra up to {@code jitter}. */
    record Delay(Duration fixed, Duration jitter) implements ProxyMode {
        public Delay {
            Objects.requireNonNull(fixed, "fixed");
            Objects.requireNonNull(jitter, "jitter");
            if (fixed.isNegative() || jitter.isNegative()) {
                throw new IllegalArgumentException("delays must not be negative");
            }
        }
    }

    static ProxyMode pass() {
        return new Pass();
    }

    static ProxyMode blackhole() {
        return new Blackhole();
    }

    static ProxyMode dropConnections() {
        return new DropConnections();
    }

    static ProxyMode delay(long fixedMillis, long jitterMillis) {
        return new Delay(Duration.ofMillis(fixedMillis), Duration.ofMillis(jitterMillis));
    }
}
