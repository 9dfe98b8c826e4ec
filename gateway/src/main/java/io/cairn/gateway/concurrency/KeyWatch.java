package io.cairn.gateway.concurrency;

import io.cairn.api.etcdserverpb.WatchResponse;
import java.util.Optional;

/** One watch of a {@link TenantStore}: its event responses in revision order, until closed. */
public interface KeyWatch extends AutoCloseable {

    /**
     * Blocks until the next response carrying events; empty once the watch is closed. Fails
     * (with the gateway's error) if the watch was refused or its start revision is compacted.
     */
    Optional<WatchResponse> next() throws InterruptedException;

    /** Stops the watch; a caller blocked in {@link #next()} wakes up with an empty answer. Idempotent. */
    @Override
    void close();
}
