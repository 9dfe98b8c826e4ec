package io.cairn.gateway.concurrency;

import com.google.protobuf.ByteString;
import io.cairn.api.etcdserverpb.Compare;
import io.cairn.api.etcdserverpb.DeleteRangeRequest;
import io.cairn.api.etcdserverpb.PutRequest;
import io.cairn.api.etcdserverpb.RangeRequest;
import io.cairn.api.etcdserverpb.RequestOp;
import java.nio.charset.StandardCharsets;

/**
 * The keys and requests of etcd's {@code clientv3/concurrency} recipes: a lock or election
 * {@code name} owns the prefix {@code name/}; each contender's key is {@code name/<lease in hex>}.
 */
final class Recipes {
    /** etcd's concurrency.defaultSessionTTL: the lease granted when a call names none. */
    static final long DEFAULT_SESSION_TTL_SECONDS = 60;

    private Recipes() {
    }

    static ByteString prefix(ByteString name) {
        return name.concat(ByteString.copyFromUtf8("/"));
    }

    /** {@code prefix + fmt.Sprintf("%x", lease)}: lower-case hex, a minus sign for a negative id. */
    static ByteString contenderKey(ByteString prefix, long lease) {
        String hex = lease < 0 ? "-" + Long.toHexString(-lease) : Long.toHexString(lease);
        return prefix.concat(ByteString.copyFrom(hex, StandardCharsets.US_ASCII));
    }

    /** The lease a call uses: its own, or (for 0) a fresh one as etcd's NewSession grants. */
    static long sessionLease(TenantStore store, long requested) {
        return requested != 0 ? requested : store.grantLease(DEFAULT_SESSION_TTL_SECONDS);
    }

    /** etcd's GetPrefixRangeEnd. */
    static ByteString prefixEnd(ByteString prefix) {
        byte[] end = prefix.toByteArray();
        for (int i = end.length - 1; i >= 0; i--) {
            if (end[i] != (byte) 0xff) {
                end[i]++;
                return ByteString.copyFrom(end, 0, i + 1);
            }
        }
        return ByteString.copyFrom(new byte[] {0});
    }

    /** The oldest key under the prefix (etcd's WithFirstCreate): the owner or leader. */
    static RangeRequest firstCreated(ByteString prefix) {
        return RangeRequest.newBuilder().setKey(prefix).setRangeEnd(prefixEnd(prefix)).setLimit(1)
                .setSortTarget(RangeRequest.SortTarget.CREATE).setSortOrder(RangeRequest.SortOrder.ASCEND).build();
    }

    /** The {@code limit} youngest keys under the prefix created at or before {@code maxCreateRevision} (WithLastCreate + WithMaxCreateRev). */
    static RangeRequest youngestUpTo(ByteString prefix, long maxCreateRevision, int limit) {
        return RangeRequest.newBuilder().setKey(prefix).setRangeEnd(prefixEnd(prefix)).setLimit(limit)
                .setSortTarget(RangeRequest.SortTarget.CREATE).setSortOrder(RangeRequest.SortOrder.DESCEND)
                .setMaxCreateRevision(maxCreateRevision).build();
    }

    static Compare createRevisionIs(ByteString key, long revision) {
        return Compare.newBuilder().setKey(key).setTarget(Compare.CompareTarget.CREATE)
                .setResult(Compare.CompareResult.EQUAL).setCreateRevision(revision).build();
    }

    static RequestOp put(ByteString key, ByteString value, long lease) {
        return RequestOp.newBuilder().setRequestPut(PutRequest.newBuilder().setKey(key).setValue(value).setLease(lease))
                .build();
    }

    static RequestOp get(ByteString key) {
        return RequestOp.newBuilder().setRequestRange(RangeRequest.newBuilder().setKey(key)).build();
    }

    static RequestOp delete(ByteString key) {
        return RequestOp.newBuilder().setRequestDeleteRange(DeleteRangeRequest.newBuilder().setKey(key)).build();
    }
}
