package io.cairn.gateway;

import io.cairn.api.v3electionpb.CampaignRequest;
import io.cairn.api.v3electionpb.LeaderRequest;
import io.cairn.api.v3electionpb.LeaderResponse;
import io.cairn.api.v3electionpb.ProclaimRequest;
import io.cairn.api.v3electionpb.ResignRequest;
import io.cairn.gateway.concurrency.Cancellation;
import io.cairn.gateway.concurrency.ElectionCore;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * etcd's JSON gateway for {@code v3electionpb.Election}: {@code POST /v3/election/campaign}
 * (answers once leading), {@code proclaim}, {@code leader}, {@code resign}, and
 * {@code observe}, a stream of newline-delimited {@code {"result": LeaderResponse}} objects
 * until the client goes away (noticed on the next write, as for {@code /v3/watch}).
 */
final class ElectionJsonService implements HttpService {
    private final HttpFront http;
    private final ElectionCore elections;
    private final TenantStores stores;

    ElectionJsonService(HttpFront http, ElectionCore elections, TenantStores stores) {
        this.http = http;
        this.elections = elections;
        this.stores = stores;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/v3/election/campaign", JsonUnary.of(http, CampaignRequest::newBuilder,
                        (TenantPrincipal tenant, CampaignRequest request) ->
                                elections.campaign(stores.of(tenant), request, new Cancellation())))
                .post("/v3/election/proclaim", JsonUnary.of(http, ProclaimRequest::newBuilder,
                        (TenantPrincipal tenant, ProclaimRequest request) ->
                                elections.proclaim(stores.of(tenant), request)))
                .post("/v3/election/leader", JsonUnary.of(http, LeaderRequest::newBuilder,
                        (TenantPrincipal tenant, LeaderRequest request) -> elections.leader(stores.of(tenant), request)))
                .post("/v3/election/resign", JsonUnary.of(http, ResignRequest::newBuilder,
                        (TenantPrincipal tenant, ResignRequest request) -> elections.resign(stores.of(tenant), request)))
                .post("/v3/election/observe", this::observe);
    }

    private void observe(ServerRequest req, ServerResponse res) throws IOException {
        HttpFront.Accepted<LeaderRequest> call;
        try {
            call = http.accept(req, LeaderRequest.newBuilder());
        } catch (RuntimeException e) {
            http.sendError(res, e, false);
            return;
        }
        TenantPrincipal tenant = call.tenant();
        LeaderRequest request = call.request();
        res.status(Status.OK_200);
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        Cancellation cancel = new Cancellation();
        try (OutputStream out = res.outputStream()) {
            elections.observe(stores.of(tenant), request, cancel, (LeaderResponse leader) -> {
                try {
                    out.write(("{\"result\":" + ProtoJson.print(leader) + "}\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                } catch (IOException e) {
                    cancel.cancel();
                }
            });
        }
    }
}
