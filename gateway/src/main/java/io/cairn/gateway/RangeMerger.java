package io.cairn.gateway;

import com.google.protobuf.ByteString;
import io.cairn.api.etcdserverpb.RangeRequest;
import io.cairn.api.etcdserverpb.RangeResponse;
import io.cairn.api.etcdserverpb.ResponseHeader;
import io.cairn.api.mvccpb.KeyValue;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Merges the answers of several shards to one range read at one revision, as etcd's
 * {@code Range} would have answered it from one store: counts add up, keys are sorted by
 * the requested order and target (ties by key), then cut at the limit. Each shard was asked
 * with the same limit, so the first {@code limit} of the merge are exact.
 */
final class RangeMerger {
    private static final Comparator<ByteString> KEYS = ByteString.unsignedLexicographicalComparator();

    private RangeMerger() {
    }

    static RangeResponse merge(RangeRequest request, long revision, List<RangeResponse> parts) {
        long count = 0;
        long raftTerm = 0;
        boolean more = false;
        List<KeyValue> kvs = new ArrayList<>();
        for (RangeResponse part : parts) {
            count += part.getCount();
            more |= part.getMore();
            raftTerm = Math.max(raftTerm, part.getHeader().getRaftTerm());
            kvs.addAll(part.getKvsList());
        }
        RangeResponse.Builder merged = RangeResponse.newBuilder()
                .setHeader(ResponseHeader.newBuilder().setRevision(revision).setRaftTerm(raftTerm))
                .setCount(count);
        if (request.getCountOnly()) {
            return merged.build();
        }
        kvs.sort(order(request));
        if (request.getLimit() > 0 && kvs.size() > request.getLimit()) {
            kvs = kvs.subList(0, (int) request.getLimit());
            more = true;
        }
        return merged.addAllKvs(kvs).setMore(more).build();
    }

    static Comparator<KeyValue> order(RangeRequest request) {
        RangeRequest.SortOrder sortOrder = request.getSortOrder();
        if (request.getSortTarget() != RangeRequest.SortTarget.KEY && sortOrder == RangeRequest.SortOrder.NONE) {
            sortOrder = RangeRequest.SortOrder.ASCEND;
        }
        Comparator<KeyValue> byKey = Comparator.comparing(KeyValue::getKey, KEYS);
        Comparator<KeyValue> byTarget = switch (request.getSortTarget()) {
            case VERSION -> Comparator.comparingLong(KeyValue::getVersion);
            case CREATE -> Comparator.comparingLong(KeyValue::getCreateRevision);
            case MOD -> Comparator.comparingLong(KeyValue::getModRevision);
            case VALUE -> Comparator.comparing(KeyValue::getValue, KEYS);
            case KEY, UNRECOGNIZED -> byKey;
        };
        Comparator<KeyValue> ascending = byTarget.thenComparing(byKey);
        return sortOrder == RangeRequest.SortOrder.DESCEND ? ascending.reversed() : ascending;
    }
}
