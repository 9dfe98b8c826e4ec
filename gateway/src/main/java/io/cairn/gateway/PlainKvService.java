package io.cairn.gateway;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.google.protobuf.ByteString;
import io.cairn.api.etcdserverpb.DeleteRangeRequest;
import io.cairn.api.etcdserverpb.DeleteRangeResponse;
import io.cairn.api.etcdserverpb.PutRequest;
import io.cairn.api.etcdserverpb.PutResponse;
import io.cairn.api.etcdserverpb.RangeRequest;
import io.cairn.api.etcdserverpb.RangeResponse;
import io.cairn.api.mvccpb.KeyValue;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * The plain REST API (gateway/README.md): {@code GET/PUT/DELETE /v1/kv/{key}} with the
 * key percent-decoded from the path and the raw value as the body; {@code ?prefix=true}
 * makes GET list and DELETE remove every key under the prefix.
 */
final class PlainKvService implements HttpService {
    static final String REVISION = "X-Cairn-Revision";
    private static final String PATH = "/v1/kv/";

    private final HttpFront http;
    private final KvCore kv;

    PlainKvService(HttpFront http, KvCore kv) {
        this.http = http;
        this.kv = kv;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/v1/kv/*", (req, res) -> answer(req, res, this::get))
                .put("/v1/kv/*", (req, res) -> answer(req, res, this::put))
                .delete("/v1/kv/*", (req, res) -> answer(req, res, this::delete));
    }

    private interface Route {
        void handle(TenantPrincipal tenant, ByteString key, ServerRequest req, ServerResponse res);
    }

    private void answer(ServerRequest req, ServerResponse res, Route route) {
        try {
            TenantPrincipal tenant = http.authenticate(req);
            String raw = req.path().rawPath();
            ByteString key = PercentDecoding.decode(raw.substring(Math.min(raw.length(), PATH.length())));
            route.handle(tenant, key, req, res);
        } catch (RuntimeException e) {
            http.sendError(res, e, true);
        }
    }

    private void get(TenantPrincipal tenant, ByteString key, ServerRequest req, ServerResponse res) {
        ScopePolicy.check(tenant, RangeRequest.getDefaultInstance());
        if (prefix(req)) {
            RangeResponse range = kv.range(tenant, prefixRange(key));
            ArrayNode list = HttpFront.JSON.createArrayNode();
            for (KeyValue kv : range.getKvsList()) {
                list.addObject()
                        .put("key", kv.getKey().toStringUtf8())
                        .put("value", kv.getValue().toStringUtf8())
                        .put("create_revision", kv.getCreateRevision())
                        .put("mod_revision", kv.getModRevision())
                        .put("version", kv.getVersion())
                        .put("lease", kv.getLease());
            }
            res.header(REVISION, Long.toString(range.getHeader().getRevision()));
            http.sendJson(res, 200, list.toString());
            return;
        }
        RangeResponse range = kv.range(tenant, RangeRequest.newBuilder().setKey(key).build());
        res.header(REVISION, Long.toString(range.getHeader().getRevision()));
        if (range.getKvsCount() == 0) {
            http.sendError(res, new GatewayException(new GatewayError.NotFound("cairn: key not found")), true);
            return;
        }
        KeyValue found = range.getKvs(0);
        res.header("X-Cairn-Create-Revision", Long.toString(found.getCreateRevision()));
        res.header("X-Cairn-Mod-Revision", Long.toString(found.getModRevision()));
        res.header("X-Cairn-Version", Long.toString(found.getVersion()));
        res.header("X-Cairn-Lease", Long.toString(found.getLease()));
        res.header(HeaderNames.CONTENT_TYPE, "application/octet-stream");
        res.send(found.getValue().toByteArray());
    }

    private void put(TenantPrincipal tenant, ByteString key, ServerRequest req, ServerResponse res) {
        ScopePolicy.check(tenant, PutRequest.getDefaultInstance());
        byte[] value = req.content().hasEntity() ? req.content().as(byte[].class) : new byte[0];
        PutResponse put = kv.put(tenant, PutRequest.newBuilder().setKey(key).setValue(ByteString.copyFrom(value)).build());
        res.header(REVISION, Long.toString(put.getHeader().getRevision()));
        http.sendJson(res, 200, "{\"revision\":" + put.getHeader().getRevision() + "}");
    }

    private void delete(TenantPrincipal tenant, ByteString key, ServerRequest req, ServerResponse res) {
        DeleteRangeRequest request = prefix(req)
                ? DeleteRangeRequest.newBuilder().setKey(prefixRange(key).getKey())
                        .setRangeEnd(prefixRange(key).getRangeEnd()).build()
                : DeleteRangeRequest.newBuilder().setKey(key).build();
        ScopePolicy.check(tenant, request);
        DeleteRangeResponse deleted = kv.deleteRange(tenant, request);
        res.header(REVISION, Long.toString(deleted.getHeader().getRevision()));
        http.sendJson(res, 200, "{\"deleted\":" + deleted.getDeleted()
                + ",\"revision\":" + deleted.getHeader().getRevision() + "}");
    }

    private static boolean prefix(ServerRequest req) {
        return req.query().contains("prefix") && "true".equalsIgnoreCase(req.query().get("prefix"));
    }

    /** etcd's {@code WithPrefix}: {@code [key, key+1)}; the empty prefix means every key. */
    static RangeRequest prefixRange(ByteString key) {
        ByteString zero = ByteString.copyFrom(new byte[] {0});
        if (key.isEmpty()) {
            return RangeRequest.newBuilder().setKey(zero).setRangeEnd(zero).build();
        }
        byte[] end = key.toByteArray();
        for (int i = end.length - 1; i >= 0; i--) {
            if (end[i] != (byte) 0xff) {
                end[i]++;
                return RangeRequest.newBuilder().setKey(key)
                        .setRangeEnd(ByteString.copyFrom(end, 0, i + 1)).build();
            }
        }
        return RangeRequest.newBuilder().setKey(key).setRangeEnd(zero).build();
    }

}
