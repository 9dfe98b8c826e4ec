package io.cairn.gateway;

import com.google.protobuf.Message;
import io.cairn.api.etcdserverpb.AlarmRequest;
import io.cairn.api.etcdserverpb.AuthenticateRequest;
import io.cairn.api.etcdserverpb.LeaseLeasesRequest;
import io.cairn.api.etcdserverpb.LeaseTimeToLiveRequest;
import io.cairn.api.etcdserverpb.MemberListRequest;
import io.cairn.api.etcdserverpb.RangeRequest;
import io.cairn.api.etcdserverpb.RequestOp;
import io.cairn.api.etcdserverpb.StatusRequest;
import io.cairn.api.etcdserverpb.TxnRequest;
import io.cairn.api.etcdserverpb.WatchRequest;
import io.cairn.api.v3electionpb.LeaderRequest;
import io.cairn.controlplane.client.ApiKeyScope;
import java.util.List;

/**
 * The scope each request needs, decided from the request message alone so gRPC and REST
 * agree: reads need {@code read}, everything that changes state needs {@code write}, and a
 * txn needs {@code write} only when one of its branches (at any depth) writes. A request
 * type not listed here needs {@code write}.
 */
final class ScopePolicy {
    private ScopePolicy() {
    }

    static ApiKeyScope required(Message request) {
        return switch (request) {
            case RangeRequest r -> ApiKeyScope.READ;
            case WatchRequest w -> ApiKeyScope.READ;
            case LeaseTimeToLiveRequest l -> ApiKeyScope.READ;
            case LeaseLeasesRequest l -> ApiKeyScope.READ;
            case LeaderRequest l -> ApiKeyScope.READ;
            case StatusRequest s -> ApiKeyScope.READ;
            case MemberListRequest m -> ApiKeyScope.READ;
            case AlarmRequest a -> ApiKeyScope.READ;
            case AuthenticateRequest a -> ApiKeyScope.READ;
            case TxnRequest t -> writes(t) ? ApiKeyScope.WRITE : ApiKeyScope.READ;
            default -> ApiKeyScope.WRITE;
        };
    }

    /** Refuses with etcd's {@code permission denied} unless the caller's key grants the scope. */
    static void check(TenantPrincipal tenant, Message request) {
        if (!required(request).grantedBy(tenant.scopes())) {
            throw new GatewayException(new GatewayError.PermissionDenied());
        }
    }

    private static boolean writes(TxnRequest txn) {
        return writes(txn.getSuccessList()) || writes(txn.getFailureList());
    }

    private static boolean writes(List<RequestOp> ops) {
        for (RequestOp op : ops) {
            boolean write = switch (op.getRequestCase()) {
                case REQUEST_RANGE, REQUEST_NOT_SET -> false;
                case REQUEST_TXN -> writes(op.getRequestTxn());
                case REQUEST_PUT, REQUEST_DELETE_RANGE -> true;
            };
            if (write) {
                return true;
            }
        }
        return false;
    }
}
