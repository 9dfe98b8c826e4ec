package io.cairn.gateway;

import io.cairn.api.etcdserverpb.ResponseHeader;
import java.util.function.Supplier;

/** Fills etcd's response header: cluster id, this gateway's member id, revision, raft term. */
final class ResponseHeaders {
    private final RouteCache routes;
    private final Supplier<GatewayIdentity> identity;

    ResponseHeaders(RouteCache routes, Supplier<GatewayIdentity> identity) {
        this.routes = routes;
        this.identity = identity;
    }

    /**
     * A header with {@code raftTerm}, or, when no Raft group answered ({@code raftTerm} 0: watch
     * responses, member list, alarms, compaction), the highest shard leader term in the route
     * table and at least 1: etcd always sets {@code raft_term}.
     */
    ResponseHeader of(long revision, long raftTerm) {
        RouteSnapshot snapshot = routes.current();
        return ResponseHeader.newBuilder()
                .setClusterId(snapshot.clusterId())
                .setMemberId(identity.get().memberId())
                .setRevision(revision)
                .setRaftTerm(raftTerm != 0 ? raftTerm : Math.max(1, snapshot.highestTerm()))
                .build();
    }

    /** A shard's header (revision and term) presented as this gateway's. */
    ResponseHeader of(ResponseHeader fromShard) {
        return of(fromShard.getRevision(), fromShard.getRaftTerm());
    }

    long memberId() {
        return identity.get().memberId();
    }

    long clusterId() {
        return routes.current().clusterId();
    }
}
