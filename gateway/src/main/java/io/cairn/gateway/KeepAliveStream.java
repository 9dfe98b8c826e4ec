package io.cairn.gateway;

import io.cairn.api.etcdserverpb.LeaseKeepAliveRequest;
import io.cairn.api.etcdserverpb.LeaseKeepAliveResponse;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * One {@code LeaseKeepAlive} stream: a client multiplexes all its leases on it, so each
 * request is renewed on its own virtual thread and answered as soon as its home answers
 * (etcd answers every request with the lease's TTL, 0 when it is gone). A failure ends the
 * stream with the mapped status; the client opens a new one.
 */
final class KeepAliveStream implements StreamObserver<LeaseKeepAliveRequest> {
    private static final ExecutorService RENEWALS = Executors.newVirtualThreadPerTaskExecutor();

    private final StreamObserver<LeaseKeepAliveResponse> responses;
    private final Function<LeaseKeepAliveRequest, LeaseKeepAliveResponse> renew;
    private int pending;
    private boolean halfClosed;
    private boolean done;

    KeepAliveStream(StreamObserver<LeaseKeepAliveResponse> responses,
            Function<LeaseKeepAliveRequest, LeaseKeepAliveResponse> renew) {
        this.responses = responses;
        this.renew = renew;
    }

    @Override
    public void onNext(LeaseKeepAliveRequest request) {
        synchronized (this) {
            if (done) {
                return;
            }
            pending++;
        }
        RENEWALS.execute(() -> answer(request));
    }

    private void answer(LeaseKeepAliveRequest request) {
        LeaseKeepAliveResponse response = null;
        RuntimeException failure = null;
        try {
            response = renew.apply(request);
        } catch (RuntimeException e) {
            failure = e;
        }
        synchronized (this) {
            pending--;
            if (done) {
                return;
            }
            if (failure != null) {
                done = true;
                responses.onError(ErrorMapper.toGrpc(failure));
                return;
            }
            responses.onNext(response);
            finishIfDrained();
        }
    }

    @Override
    public synchronized void onError(Throwable t) {
        done = true;
    }

    @Override
    public synchronized void onCompleted() {
        halfClosed = true;
        finishIfDrained();
    }

    private void finishIfDrained() {
        if (halfClosed && pending == 0 && !done) {
            done = true;
            responses.onCompleted();
        }
    }
}
