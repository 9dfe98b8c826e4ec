package io.cairn.gateway;

import io.cairn.api.etcdserverpb.WatchRequest;
import io.cairn.gateway.watch.WatchSession;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * etcd's JSON gateway for watches: {@code POST /v3/watch} with a {@code WatchRequest} body
 * answers a stream of newline-delimited {@code {"result": WatchResponse}} objects until the
 * client goes away (noticed on the next write).
 */
final class WatchJsonService implements HttpService {
    private final HttpFront http;
    private final WatchSessions sessions;

    WatchJsonService(HttpFront http, WatchSessions sessions) {
        this.http = http;
        this.sessions = sessions;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/v3/watch", this::watch);
    }

    private void watch(ServerRequest req, ServerResponse res) throws InterruptedException, IOException {
        HttpFront.Accepted<WatchRequest> call;
        try {
            call = http.accept(req, WatchRequest.newBuilder());
        } catch (RuntimeException e) {
            http.sendError(res, e, false);
            return;
        }
        TenantPrincipal tenant = call.tenant();
        WatchRequest request = call.request();
        res.status(Status.OK_200);
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        try (OutputStream out = res.outputStream()) {
            WatchSession session = sessions.open(tenant, response -> {
                try {
                    out.write(("{\"result\":" + ProtoJson.print(response) + "}\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            try {
                session.onRequest(request);
                session.awaitEnd();
            } finally {
                sessions.closed(session);
            }
        }
    }
}
