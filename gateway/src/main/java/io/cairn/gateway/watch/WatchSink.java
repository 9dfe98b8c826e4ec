package io.cairn.gateway.watch;

import io.cairn.api.etcdserverpb.WatchResponse;

/**
 * Where a session's responses go (a gRPC stream, a REST response). Called from the
 * session's one thread; may block while the client is slow, which pauses the session and,
 * through gRPC flow control, the store nodes' streams.
 */
@FunctionalInterface
public interface WatchSink {

    /** Sends one response; throws when the client is gone. */
    void send(WatchResponse response);
}
