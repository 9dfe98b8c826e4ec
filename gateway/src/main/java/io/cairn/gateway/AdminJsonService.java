package io.cairn.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Optional;
import java.util.function.Function;

/**
 * The admin REST API under {@code /admin/v1} (docs/cluster.md): nodes, shards and operators,
 * drain and remove a node, transfer a shard's leader, split a shard. Only for the admin
 * credential ({@link AdminCredential}); the work is {@link AdminCore}'s.
 */
final class AdminJsonService implements HttpService {
    private final HttpFront http;
    private final AdminCredential credential;
    private final AdminCore admin;

    AdminJsonService(HttpFront http, AdminCredential credential, AdminCore admin) {
        this.http = http;
        this.credential = credential;
        this.admin = admin;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/admin/v1/nodes", (req, res) -> answer(req, res, r -> admin.nodes()))
                .get("/admin/v1/shards", (req, res) -> answer(req, res, r -> admin.shards()))
                .get("/admin/v1/operators", (req, res) -> answer(req, res, r -> admin.operators()))
                .post("/admin/v1/nodes/{id}/drain", (req, res) -> answer(req, res, r -> admin.drain(id(r, "node"))))
                .post("/admin/v1/nodes/{id}/remove", (req, res) -> answer(req, res, r -> admin.remove(id(r, "node"))))
                .post("/admin/v1/shards/{id}/transfer-leader", (req, res) -> answer(req, res,
                        r -> admin.transferLeader(id(r, "shard"), target(body(r)))))
                .post("/admin/v1/shards/{id}/split", (req, res) -> answer(req, res,
                        r -> admin.split(id(r, "shard"), splitKey(body(r)))))
                .any("/admin/*", (req, res) -> answer(req, res, r -> {
                    throw new GatewayException(new GatewayError.NotFound("cairn: no admin route "
                            + r.prologue().method().text() + " " + r.path().path()));
                }));
    }

    private void answer(ServerRequest req, ServerResponse res, Function<ServerRequest, Object> route) {
        try {
            credential.check(req.headers().first(HeaderNames.AUTHORIZATION).orElse(null),
                    req.headers().first(HeaderNames.create("token")).orElse(null));
            http.sendJson(res, 200, HttpFront.JSON.writeValueAsString(route.apply(req)));
        } catch (JsonProcessingException e) {
            http.sendError(res, new GatewayException(new GatewayError.Internal("cairn: cannot render JSON: " + e)), true);
        } catch (RuntimeException e) {
            http.sendError(res, e, true);
        }
    }

    private static long id(ServerRequest req, String what) {
        String text = req.path().pathParameters().get("id");
        try {
            long id = Long.parseUnsignedLong(text);
            if (id != 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new GatewayException(new GatewayError.InvalidArgument("cairn: bad " + what + " id '" + text
                + "': expected a positive number"));
    }

    /** The JSON object in the body; an empty body is an empty object. */
    private static JsonNode body(ServerRequest req) {
        String text = req.content().hasEntity() ? req.content().as(String.class) : "";
        if (text.isBlank()) {
            return HttpFront.JSON.createObjectNode();
        }
        try {
            JsonNode node = HttpFront.JSON.readTree(text);
            if (node == null || !node.isObject()) {
                throw new GatewayException(new GatewayError.Malformed("cairn: the body must be a JSON object"));
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new GatewayException(new GatewayError.Malformed("cairn: body is not valid JSON: "
                    + e.getOriginalMessage()));
        }
    }

    private static long target(JsonNode body) {
        JsonNode target = body.get("target");
        if (target == null || !target.canConvertToLong() || target.asLong() <= 0) {
            throw new GatewayException(new GatewayError.InvalidArgument(
                    "cairn: body must name the target node: {\"target\": <node id>}"));
        }
        return target.asLong();
    }

    private static Optional<String> splitKey(JsonNode body) {
        JsonNode key = body.get("key");
        if (key == null || key.isNull()) {
            return Optional.empty();
        }
        if (!key.isTextual()) {
            throw new GatewayException(new GatewayError.InvalidArgument(
                    "cairn: \"key\" must be a string such as \"t2/users/m\" or \"0x...\""));
        }
        return key.asText().isEmpty() ? Optional.empty() : Optional.of(key.asText());
    }
}
