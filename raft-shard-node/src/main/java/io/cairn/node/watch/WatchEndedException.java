package io.cairn.node.watch;

import io.cairn.api.shard.ShardError;

/** A shard watch cannot go on here; the error tells the gateway where to resume. */
public final class WatchEndedException extends RuntimeException {
    private final transient ShardError error;

    public WatchEndedException(ShardError error) {
        super(error.toString(), null, false, false);
        this.error = error;
    }

    public ShardError error() {
        return error;
    }
}
