package io.cairn.gateway;

import com.google.protobuf.Message;
import io.cairn.api.etcdserverpb.LeaseGrantRequest;
import io.cairn.api.etcdserverpb.LeaseKeepAliveRequest;
import io.cairn.api.etcdserverpb.LeaseLeasesRequest;
import io.cairn.api.etcdserverpb.LeaseRevokeRequest;
import io.cairn.api.etcdserverpb.LeaseTimeToLiveRequest;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import java.util.function.BiFunction;
import java.util.function.Supplier;

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
        rules.post("/v3/lease/grant", call(LeaseGrantRequest::newBuilder, leases::grant))
                .post("/v3/lease/revoke", call(LeaseRevokeRequest::newBuilder, leases::revoke))
                .post("/v3/kv/lease/revoke", call(LeaseRevokeRequest::newBuilder, leases::revoke))
                .post("/v3/lease/timetolive", call(LeaseTimeToLiveRequest::newBuilder, leases::timeToLive))
                .post("/v3/kv/lease/timetolive", call(LeaseTimeToLiveRequest::newBuilder, leases::timeToLive))
                .post("/v3/lease/leases", call(LeaseLeasesRequest::newBuilder, leases::leases))
                .post("/v3/kv/lease/leases", call(LeaseLeasesRequest::newBuilder, leases::leases))
                .post("/v3/lease/keepalive", (req, res) -> {
                    try {
                        TenantPrincipal tenant = http.authenticate(req);
                        LeaseKeepAliveRequest request = ProtoJson.parse(
                                req.content().as(String.class), LeaseKeepAliveRequest.newBuilder());
                        ScopePolicy.check(tenant, request);
                        String result = ProtoJson.print(leases.keepAlive(tenant, request));
                        http.sendJson(res, 200, "{\"result\":" + result + "}\n");
                    } catch (RuntimeException e) {
                        http.sendError(res, e, false);
                    }
                });
    }

    @SuppressWarnings("unchecked")
    private <Q extends Message> Handler call(
            Supplier<Message.Builder> builder, BiFunction<TenantPrincipal, Q, ? extends Message> operation) {
        return (req, res) -> {
            try {
                TenantPrincipal tenant = http.authenticate(req);
                Q request = ProtoJson.parse(req.content().as(String.class), builder.get());
                ScopePolicy.check(tenant, request);
                http.sendJson(res, 200, ProtoJson.print(operation.apply(tenant, request)));
            } catch (RuntimeException e) {
                http.sendError(res, e, false);
            }
        };
    }
}
