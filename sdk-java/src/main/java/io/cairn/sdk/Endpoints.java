package io.cairn.sdk;

import io.cairn.api.etcdserverpb.KVGrpc;
import io.grpc.ClientInterceptor;
import io.grpc.ManagedChannel;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** The gateways a client may use; a failed one makes the next current. */
final class Endpoints {
    private final List<ManagedChannel> channels;
    private final ClientInterceptor auth;
    private final AtomicInteger current = new AtomicInteger();

    Endpoints(List<ManagedChannel> channels, ClientInterceptor auth) {
        this.channels = channels;
        this.auth = auth;
    }

    KVGrpc.KVFutureStub kv() {
        return KVGrpc.newFutureStub(channels.get(Math.floorMod(current.get(), channels.size()))).withInterceptors(auth);
    }

    /** Makes the next gateway current (after a failure of the current one). */
    void failover() {
        current.incrementAndGet();
    }
}
