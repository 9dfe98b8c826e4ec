package io.cairn.gateway;

import io.cairn.api.etcdserverpb.AlarmRequest;
import io.cairn.api.etcdserverpb.AuthenticateRequest;
import io.cairn.api.etcdserverpb.CompactionRequest;
import io.cairn.api.etcdserverpb.DeleteRangeRequest;
import io.cairn.api.etcdserverpb.MemberListRequest;
import io.cairn.api.etcdserverpb.PutRequest;
import io.cairn.api.etcdserverpb.RangeRequest;
import io.cairn.api.etcdserverpb.StatusRequest;
import io.cairn.api.etcdserverpb.TxnRequest;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;

/**
 * etcd's JSON gateway ({@code POST /v3/...}): the body is the request message in protobuf's
 * JSON mapping, the answer the response message; errors as etcd's grpc-gateway renders them.
 */
final class EtcdJsonService implements HttpService {
    private final HttpFront http;
    private final KvCore kv;
    private final ClusterCore cluster;

    EtcdJsonService(HttpFront http, KvCore kv, ClusterCore cluster) {
        this.http = http;
        this.kv = kv;
        this.cluster = cluster;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/v3/kv/range", JsonUnary.of(http, RangeRequest::newBuilder, kv::range))
                .post("/v3/kv/put", JsonUnary.of(http, PutRequest::newBuilder, kv::put))
                .post("/v3/kv/deleterange", JsonUnary.of(http, DeleteRangeRequest::newBuilder, kv::deleteRange))
                .post("/v3/kv/txn", JsonUnary.of(http, TxnRequest::newBuilder, kv::txn))
                .post("/v3/kv/compaction", JsonUnary.of(http, CompactionRequest::newBuilder, kv::compact))
                .post("/v3/maintenance/status", JsonUnary.of(http, StatusRequest::newBuilder, (t, r) -> cluster.status()))
                .post("/v3/maintenance/alarm", JsonUnary.of(http, AlarmRequest::newBuilder,
                        (t, r) -> cluster.alarm((AlarmRequest) r)))
                .post("/v3/cluster/member/list", JsonUnary.of(http, MemberListRequest::newBuilder,
                        (t, r) -> cluster.memberList()))
                .post("/v3/auth/authenticate", (req, res) -> {
                    try {
                        AuthenticateRequest request = ProtoJson.parse(
                                req.content().as(String.class), AuthenticateRequest.newBuilder());
                        http.sendJson(res, 200, ProtoJson.print(cluster.authenticate(request)));
                    } catch (RuntimeException e) {
                        http.sendError(res, e, false);
                    }
                });
    }
}
