package io.cairn.node;

import com.google.protobuf.ByteString;
import io.cairn.api.etcdserverpb.Compare;
import io.cairn.api.etcdserverpb.RequestOp;
import io.cairn.api.etcdserverpb.TxnRequest;
import io.cairn.api.meta.ShardDescriptor;
import io.cairn.api.meta.ShardEpoch;
import io.cairn.api.shard.ShardRequest;
import java.util.Comparator;

/**
 * Whether a request may be served by a shard as it is now: the epoch's version must match
 * (splits and merges bump it; membership changes alone do not invalidate a route, as in
 * TiKV) and every key the request names must lie in the shard's {@code [start, end)}.
 */
final class ShardRequestCheck {
    private static final Comparator<ByteString> ORDER = ByteString.unsignedLexicographicalComparator();

    private ShardRequestCheck() {
    }

    /** True when the request's epoch and keys fit {@code shard}. */
    static boolean fits(ShardRequest request, ShardDescriptor shard) {
        ShardEpoch epoch = request.getContext().getEpoch();
        if (epoch.getVersion() != shard.getEpoch().getVersion()) {
            return false;
        }
        return switch (request.getOpCase()) {
            case RANGE -> inRange(request.getRange().getKey(), request.getRange().getRangeEnd(), shard);
            case PUT -> inRange(request.getPut().getKey(), ByteString.EMPTY, shard);
            case DELETE_RANGE -> inRange(request.getDeleteRange().getKey(),
                    request.getDeleteRange().getRangeEnd(), shard);
            case TXN -> inRange(request.getTxn(), shard);
            case COMPACT -> inRange(request.getCompact().getKey(), request.getCompact().getRangeEnd(), shard);
            case LEASE -> request.getLease().hasTimeToLive()
                    ? holdsTenant(request.getLease().getTenant(), shard)
                    : inRange(request.getLease().getTenant(), ByteString.EMPTY, shard);
            case DELETE_BY_LEASE -> holdsTenant(request.getDeleteByLease().getTenant(), shard);
            case OP_NOT_SET -> true;
        };
    }

    private static boolean inRange(TxnRequest txn, ShardDescriptor shard) {
        for (Compare c : txn.getCompareList()) {
            if (!inRange(c.getKey(), c.getRangeEnd(), shard)) {
                return false;
            }
        }
        return txn.getSuccessList().stream().allMatch(op -> inRange(op, shard))
                && txn.getFailureList().stream().allMatch(op -> inRange(op, shard));
    }

    private static boolean inRange(RequestOp op, ShardDescriptor shard) {
        return switch (op.getRequestCase()) {
            case REQUEST_RANGE -> inRange(op.getRequestRange().getKey(), op.getRequestRange().getRangeEnd(), shard);
            case REQUEST_PUT -> inRange(op.getRequestPut().getKey(), ByteString.EMPTY, shard);
            case REQUEST_DELETE_RANGE -> inRange(op.getRequestDeleteRange().getKey(),
                    op.getRequestDeleteRange().getRangeEnd(), shard);
            case REQUEST_TXN -> inRange(op.getRequestTxn(), shard);
            case REQUEST_NOT_SET -> true;
        };
    }

    /**
     * Whether the shard holds any key of the tenant with this 8-byte prefix: lease calls go to
     * the tenant's lease home (its first key), except TimeToLive, which every shard of the
     * tenant answers with its own attached keys, and DeleteByLease (the fan-out).
     */
    static boolean holdsTenant(ByteString tenant, ShardDescriptor shard) {
        if (tenant.size() != 8) {
            return false;
        }
        long id = tenant.asReadOnlyByteBuffer().getLong();
        ByteString tenantEnd = ByteString.copyFrom(java.nio.ByteBuffer.allocate(8).putLong(id + 1).array());
        boolean startsBeforeEnd = ORDER.compare(shard.getStartKey(), tenantEnd) < 0;
        boolean endsAfterStart = shard.getEndKey().isEmpty() || ORDER.compare(shard.getEndKey(), tenant) > 0;
        return startsBeforeEnd && endsAfterStart;
    }

    /** {@code [key, rangeEnd)} (or the single key when rangeEnd is empty) inside the shard. */
    static boolean inRange(ByteString key, ByteString rangeEnd, ShardDescriptor shard) {
        ByteString start = shard.getStartKey();
        ByteString end = shard.getEndKey();
        if (ORDER.compare(key, start) < 0) {
            return false;
        }
        if (end.isEmpty()) {
            return true;
        }
        if (ORDER.compare(key, end) >= 0) {
            return false;
        }
        return rangeEnd.isEmpty() || ORDER.compare(rangeEnd, end) <= 0 || ORDER.compare(rangeEnd, key) <= 0;
    }
}
