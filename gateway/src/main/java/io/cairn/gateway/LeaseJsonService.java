package io.cairn.gateway;

import io.cairn.api.etcdserverpb.LeaseGrantRequest;
import io.cairn.api.etcdserverpb.LeaseKeepAliveRequest;
import io.cairn.api.etcdserverpb.LeaseLeasesRequest;
import io.cairn.api.etcdserverpb.LeaseRevokeRequest;
import io.cairn.api.etcdserverpb.LeaseTimeToLiveRequest;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;

/**
 * etcd's JSON gateway for leases, under both of etcd's paths ({@code /v3/lease/...} and the
 * older {@code /v3/kv/lease/...}). KeepAlive takes one request and answers one
 * {@code {"result": ...}} line, the shape of etcd's streamed answer.
 */
final class LeaseJsonService implements HttpService {
    private final HttpFront http;
    private final LeaseCore leases;

    LeaseJsonService(HttpFront http, LeaseCore leases) {
        this.http = http;
        this.leases = leases;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/v3/lease/grant", JsonUnary.of(http, LeaseGrantRequest::newBuilder, leases::grant))
                .post("/v3/lease/revoke", JsonUnary.of(http, LeaseRevokeRequest::newBuilder, leases::revoke))
                .post("/v3/kv/lease/revoke", JsonUnary.of(http, LeaseRevokeRequest::newBuilder, leases::revoke))
                .post("/v3/lease/timetolive", JsonUnary.of(http, LeaseTimeToLiveRequest::newBuilder, leases::timeToLive))
                .post("/v3/kv/lease/timetolive", JsonUnary.of(http, LeaseTimeToLiveRequest::newBuilder, leases::timeToLive))
                .post("/v3/lease/leases", JsonUnary.of(http, LeaseLeasesRequest::newBuilder, leases::leases))
                .post("/v3/kv/lease/leases", JsonUnary.of(http, LeaseLeasesRequest::newBuilder, leases::leases))
                .post("/v3/lease/keepalive", (req, res) -> {
                    try {
                        HttpFront.Accepted<LeaseKeepAliveRequest> call =
                                http.accept(req, LeaseKeepAliveRequest.newBuilder());
                        String result = ProtoJson.print(leases.keepAlive(call.tenant(), call.request()));
                        http.sendJson(res, 200, "{\"result\":" + result + "}\n");
                    } catch (RuntimeException e) {
                        http.sendError(res, e, false);
                    }
                });
    }
}
