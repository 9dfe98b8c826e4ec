package io.cairn.gateway;

import com.google.protobuf.ByteString;
import io.cairn.api.etcdserverpb.Compare;
import io.cairn.api.etcdserverpb.DeleteRangeRequest;
import io.cairn.api.etcdserverpb.DeleteRangeResponse;
import io.cairn.api.etcdserverpb.PutRequest;
import io.cairn.api.etcdserverpb.PutResponse;
import io.cairn.api.etcdserverpb.RangeRequest;
import io.cairn.api.etcdserverpb.RangeResponse;
import io.cairn.api.etcdserverpb.RequestOp;
import io.cairn.api.etcdserverpb.ResponseOp;
import io.cairn.api.etcdserverpb.TxnRequest;
import io.cairn.api.etcdserverpb.TxnResponse;
import io.cairn.api.mvccpb.KeyValue;
import java.nio.ByteBuffer;

/**
 * One tenant's view of the internal keyspace: internal key = 8-byte big-endian tenant id
 * followed by the user key. Encodes every key and range end of a request and strips the
 * prefix from every key of a response, so a tenant can neither name nor see another
 * tenant's keys.
 *
 * <p>Range ends: empty stays empty (a single key); etcd's {@code "\0"} ("to the end")
 * becomes the next tenant's prefix; any other end (a prefix end computed by the client, or
 * an end at or before the key, which is an empty range) just gets the prefix, which keeps
 * its order relative to the key and keeps it inside the tenant's space.
 */
final class TenantKeyCodec {
    static final int PREFIX_LENGTH = 8;

    private final ByteString prefix;
    private final ByteString end;

    TenantKeyCodec(long tenantId) {
        if (tenantId == 0 || tenantId == -1L) {
            throw new IllegalArgumentException("reserved tenant id " + Long.toUnsignedString(tenantId));
        }
        this.prefix = prefixOf(tenantId);
        this.end = prefixOf(tenantId + 1);
    }

    static ByteString prefixOf(long tenantId) {
        return ByteString.copyFrom(ByteBuffer.allocate(PREFIX_LENGTH).putLong(tenantId).array());
    }

    /** First internal key of the tenant. */
    ByteString start() {
        return prefix;
    }

    /** First internal key after the tenant (the next tenant's prefix). */
    ByteString end() {
        return end;
    }

    ByteString key(ByteString userKey) {
        return prefix.concat(userKey);
    }

    ByteString rangeEnd(ByteString userRangeEnd) {
        if (userRangeEnd.isEmpty()) {
            return userRangeEnd;
        }
        if (userRangeEnd.size() == 1 && userRangeEnd.byteAt(0) == 0) {
            return end;
        }
        return prefix.concat(userRangeEnd);
    }

    ByteString userKey(ByteString internalKey) {
        if (!internalKey.startsWith(prefix)) {
            throw new GatewayException(new GatewayError.Internal(
                    "cairn: a store node returned a key outside the caller's tenant"));
        }
        return internalKey.substring(PREFIX_LENGTH);
    }

    RangeRequest encode(RangeRequest r) {
        return r.toBuilder().setKey(key(r.getKey())).setRangeEnd(rangeEnd(r.getRangeEnd())).build();
    }

    PutRequest encode(PutRequest r) {
        return r.toBuilder().setKey(key(r.getKey())).build();
    }

    DeleteRangeRequest encode(DeleteRangeRequest r) {
        return r.toBuilder().setKey(key(r.getKey())).setRangeEnd(rangeEnd(r.getRangeEnd())).build();
    }

    TxnRequest encode(TxnRequest r) {
        TxnRequest.Builder b = TxnRequest.newBuilder();
        for (Compare c : r.getCompareList()) {
            b.addCompare(c.toBuilder().setKey(key(c.getKey())).setRangeEnd(rangeEnd(c.getRangeEnd())));
        }
        r.getSuccessList().forEach(op -> b.addSuccess(encode(op)));
        r.getFailureList().forEach(op -> b.addFailure(encode(op)));
        return b.build();
    }

    private RequestOp encode(RequestOp op) {
        return switch (op.getRequestCase()) {
            case REQUEST_RANGE -> RequestOp.newBuilder().setRequestRange(encode(op.getRequestRange())).build();
            case REQUEST_PUT -> RequestOp.newBuilder().setRequestPut(encode(op.getRequestPut())).build();
            case REQUEST_DELETE_RANGE -> RequestOp.newBuilder()
                    .setRequestDeleteRange(encode(op.getRequestDeleteRange())).build();
            case REQUEST_TXN -> RequestOp.newBuilder().setRequestTxn(encode(op.getRequestTxn())).build();
            case REQUEST_NOT_SET -> op;
        };
    }

    KeyValue decode(KeyValue kv) {
        return kv.toBuilder().setKey(userKey(kv.getKey())).build();
    }

    RangeResponse decode(RangeResponse r) {
        RangeResponse.Builder b = r.toBuilder().clearKvs();
        r.getKvsList().forEach(kv -> b.addKvs(decode(kv)));
        return b.build();
    }

    PutResponse decode(PutResponse r) {
        return r.hasPrevKv() ? r.toBuilder().setPrevKv(decode(r.getPrevKv())).build() : r;
    }

    DeleteRangeResponse decode(DeleteRangeResponse r) {
        DeleteRangeResponse.Builder b = r.toBuilder().clearPrevKvs();
        r.getPrevKvsList().forEach(kv -> b.addPrevKvs(decode(kv)));
        return b.build();
    }

    TxnResponse decode(TxnResponse r) {
        TxnResponse.Builder b = r.toBuilder().clearResponses();
        for (ResponseOp op : r.getResponsesList()) {
            b.addResponses(switch (op.getResponseCase()) {
                case RESPONSE_RANGE -> ResponseOp.newBuilder().setResponseRange(decode(op.getResponseRange())).build();
                case RESPONSE_PUT -> ResponseOp.newBuilder().setResponsePut(decode(op.getResponsePut())).build();
                case RESPONSE_DELETE_RANGE -> ResponseOp.newBuilder()
                        .setResponseDeleteRange(decode(op.getResponseDeleteRange())).build();
                case RESPONSE_TXN -> ResponseOp.newBuilder().setResponseTxn(decode(op.getResponseTxn())).build();
                case RESPONSE_NOT_SET -> op;
            });
        }
        return b.build();
    }
}
