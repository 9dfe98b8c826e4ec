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

    ResponseHeader of(long revision, long raftTerm) {
        return ResponseHeader.newBuilder()
                .setClusterId(routes.current().clusterId())
                .setMemberId(identity.get().memberId())
                .setRevision(revision)
                .setRaftTerm(raftTerm)
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
