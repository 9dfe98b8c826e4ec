package io.cairn.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Message;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * What every REST route shares: authenticating the caller from its {@code Authorization}
 * header (or etcd's {@code token} header) and writing errors the way etcd's JSON gateway
 * does, with RFC 9457 problem fields alongside.
 */
final class HttpFront {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final HeaderName TOKEN = HeaderNames.create("token");

    private final Authenticator authenticator;

    HttpFront(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    TenantPrincipal authenticate(ServerRequest request) {
        Credential credential = Credential.from(
                request.headers().first(HeaderNames.AUTHORIZATION).orElse(null),
                request.headers().first(TOKEN).orElse(null));
        return authenticator.authenticate(credential, Authenticator.isLoopback(caller(request)));
    }

    /**
     * The client's address: REST reaches Helidon through the shared port's relay, which names
     * the client in a PROXY protocol header; a request without one came to the listener directly.
     */
    static SocketAddress caller(ServerRequest request) {
        return request.proxyProtocolData()
                .<SocketAddress>map(proxy -> new InetSocketAddress(literal(proxy.sourceAddress()), proxy.sourcePort()))
                .orElseGet(() -> request.remotePeer().address());
    }

    private static InetAddress literal(String address) {
        try {
            return InetAddress.getByName(address); // an IP literal: no lookup
        } catch (UnknownHostException e) {
            throw new IllegalStateException("PROXY header names no IP address: " + address, e);
        }
    }

    /** A REST call's caller and its parsed request. */
    record Accepted<Q extends Message>(TenantPrincipal tenant, Q request) {
    }

    /**
     * What every tenant route does first: authenticates the caller, parses the JSON body into
     * {@code builder}'s message and checks that the caller's API key grants it ({@link ScopePolicy}).
     */
    <Q extends Message> Accepted<Q> accept(ServerRequest request, Message.Builder builder) {
        TenantPrincipal tenant = authenticate(request);
        Q parsed = ProtoJson.parse(request.content().as(String.class), builder);
        ScopePolicy.check(tenant, parsed);
        return new Accepted<>(tenant, parsed);
    }

    void sendJson(ServerResponse response, int status, String json) {
        response.status(Status.create(status));
        response.header(HeaderNames.CONTENT_TYPE, "application/json");
        response.send(json.getBytes(StandardCharsets.UTF_8));
    }

    /** Answers with {@code failure} mapped by {@link ErrorMapper}. */
    void sendError(ServerResponse response, Throwable failure, boolean problemJson) {
        HttpProblem problem = ErrorMapper.toHttp(failure);
        ObjectNode body = JSON.createObjectNode()
                .put("error", problem.message())
                .put("code", problem.grpcCode())
                .put("message", problem.message())
                .put("type", "about:blank")
                .put("title", Status.create(problem.httpStatus()).reasonPhrase())
                .put("status", problem.httpStatus())
                .put("detail", problem.message());
        boolean problemType = problemJson || problem.httpStatus() == 401;
        response.status(Status.create(problem.httpStatus()));
        response.header(HeaderNames.CONTENT_TYPE, problemType ? "application/problem+json" : "application/json");
        if (problem.httpStatus() == 401) {
            response.header(HeaderNames.WWW_AUTHENTICATE, "Bearer");
        }
        response.send(body.toString().getBytes(StandardCharsets.UTF_8));
    }
}
