package io.cairn.controlplane;

import io.cairn.api.meta.RouteTable;
import io.grpc.stub.ServerCallStreamObserver;

/**
 * One WatchRoutes stream: sends each table newer than the last one sent, ends with
 * UNAVAILABLE (and a leader hint) when this replica stops leading, and unsubscribes when the
 * client goes away.
 */
final class RouteStream implements RoutePublisher.Subscriber {
    private final ServerCallStreamObserver<RouteTable> call;
    private final MetaRaft raft;
    private long lastSent;
    private boolean done;
    private RoutePublisher.Subscription subscription;

    RouteStream(ServerCallStreamObserver<RouteTable> call, long knownVersion, MetaRaft raft) {
        this.call = call;
        this.raft = raft;
        this.lastSent = knownVersion;
        call.setOnCancelHandler(this::cancelled);
    }

    synchronized void attach(RoutePublisher.Subscription subscription) {
        this.subscription = subscription;
        if (done) {
            unsubscribe();
        }
    }

    @Override
    public synchronized void onRoutes(RouteTable table) {
        if (done || table.getVersion() <= lastSent) {
            return;
        }
        lastSent = table.getVersion();
        call.onNext(table);
    }

    @Override
    public void onLeadershipLost() {
        fail(ControlPlaneException.notLeader(raft.leaderRpcAddress()));
    }

    synchronized void fail(Throwable error) {
        if (done) {
            return;
        }
        done = true;
        unsubscribe();
        call.onError(GrpcErrors.toStatus(error));
    }

    private synchronized void cancelled() {
        done = true;
        unsubscribe();
    }

    private void unsubscribe() {
        if (subscription != null) {
            subscription.close();
        }
    }
}
