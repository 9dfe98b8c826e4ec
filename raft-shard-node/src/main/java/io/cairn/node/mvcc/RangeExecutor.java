package io.cairn.node.mvcc;

import io.cairn.api.etcdserverpb.RangeRequest;
import io.cairn.api.etcdserverpb.RangeRequest.SortOrder;
import io.cairn.api.etcdserverpb.RangeRequest.SortTarget;
import io.cairn.api.etcdserverpb.RangeResponse;
import io.cairn.api.etcdserverpb.ResponseHeader;
import io.cairn.api.mvccpb.KeyValue;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

/**
 * etcd's executeRange over a view: count is every matching key (before the mod/create
 * filters and the limit), filters, then sort, then limit (+ more), then keys_only.
 */
final class RangeExecutor {

    private RangeExecutor() {
    }

    static RangeResponse execute(KvView view, RangeRequest r, long headerRevision) {
        boolean fetchAll = r.getSortOrder() != SortOrder.NONE
                || r.getMinModRevision() != 0 || r.getMaxModRevision() != 0
                || r.getMinCreateRevision() != 0 || r.getMaxCreateRevision() != 0;
        long fetch = !fetchAll && r.getLimit() > 0 ? r.getLimit() + 1 : 0;
        List<KeyValue> kvs = new ArrayList<>();
        long[] count = {0};
        view.scan(new KeyRange(r.getKey(), r.getRangeEnd()), (key, kv) -> {
            count[0]++;
            if (!r.getCountOnly() && (fetch == 0 || kvs.size() < fetch)) {
                kvs.add(kv.get());
            }
        });
        if (r.getMaxModRevision() != 0) {
            prune(kvs, kv -> kv.getModRevision() > r.getMaxModRevision());
        }
        if (r.getMinModRevision() != 0) {
            prune(kvs, kv -> kv.getModRevision() < r.getMinModRevision());
        }
        if (r.getMaxCreateRevision() != 0) {
            prune(kvs, kv -> kv.getCreateRevision() > r.getMaxCreateRevision());
        }
        if (r.getMinCreateRevision() != 0) {
            prune(kvs, kv -> kv.getCreateRevision() < r.getMinCreateRevision());
        }
        sort(kvs, r.getSortOrder(), r.getSortTarget());
        RangeResponse.Builder response = RangeResponse.newBuilder()
                .setHeader(ResponseHeader.newBuilder().setRevision(headerRevision))
                .setCount(count[0]);
        List<KeyValue> returned = kvs;
        if (r.getLimit() > 0 && kvs.size() > r.getLimit()) {
            returned = kvs.subList(0, (int) r.getLimit());
            response.setMore(true);
        }
        for (KeyValue kv : returned) {
            response.addKvs(r.getKeysOnly() ? kv.toBuilder().clearValue().build() : kv);
        }
        return response.build();
    }

    private static void prune(List<KeyValue> kvs, Predicate<KeyValue> drop) {
        kvs.removeIf(drop);
    }

    /** etcd: NONE with a target other than KEY sorts ascending; KEY ascending is scan order. */
    private static void sort(List<KeyValue> kvs, SortOrder requested, SortTarget target) {
        SortOrder order = requested;
        if (target != SortTarget.KEY && order == SortOrder.NONE) {
            order = SortOrder.ASCEND;
        } else if (target == SortTarget.KEY && order == SortOrder.ASCEND) {
            order = SortOrder.NONE;
        }
        if (order != SortOrder.ASCEND && order != SortOrder.DESCEND) {
            return;
        }
        Comparator<KeyValue> less = switch (target) {
            case KEY -> Comparator.comparing(KeyValue::getKey, KeyRange.ORDER);
            case VERSION -> Comparator.comparingLong(KeyValue::getVersion);
            case CREATE -> Comparator.comparingLong(KeyValue::getCreateRevision);
            case MOD -> Comparator.comparingLong(KeyValue::getModRevision);
            case VALUE -> Comparator.comparing(KeyValue::getValue, KeyRange.ORDER);
            case UNRECOGNIZED -> throw new KvException(
                    io.cairn.api.shard.KvErrorCode.INVALID_ARGUMENT, "etcdserver: invalid sort option");
        };
        GoSort.sort(kvs, order == SortOrder.ASCEND ? less : less.reversed());
    }
}
