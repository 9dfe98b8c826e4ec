package io.cairn.node.mvcc;

import io.cairn.api.etcdserverpb.Compare;
import io.cairn.api.mvccpb.KeyValue;
import java.util.ArrayList;
import java.util.List;

/**
 * etcd's applyCompare: every key in the compare's range must satisfy it; with no key, a
 * VALUE compare is false and the others compare a zero KeyValue. A target_union of another
 * kind than the target compares against zero / empty, as etcd does.
 */
final class Compares {

    private Compares() {
    }

    static boolean allHold(KvView view, List<Compare> compares) {
        for (Compare c : compares) {
            if (!holds(view, c)) {
                return false;
            }
        }
        return true;
    }

    static boolean holds(KvView view, Compare c) {
        List<KeyValue> kvs = new ArrayList<>();
        view.scan(new KeyRange(c.getKey(), c.getRangeEnd()), (key, kv) -> kvs.add(kv.get()));
        if (kvs.isEmpty()) {
            return c.getTarget() != Compare.CompareTarget.VALUE && matches(c, KeyValue.getDefaultInstance());
        }
        for (KeyValue kv : kvs) {
            if (!matches(c, kv)) {
                return false;
            }
        }
        return true;
    }

    private static boolean matches(Compare c, KeyValue kv) {
        int result = switch (c.getTarget()) {
            case VALUE -> KeyRange.ORDER.compare(kv.getValue(), c.getValue());
            case CREATE -> Long.compare(kv.getCreateRevision(), c.getCreateRevision());
            case MOD -> Long.compare(kv.getModRevision(), c.getModRevision());
            case VERSION -> Long.compare(kv.getVersion(), c.getVersion());
            case LEASE -> Long.compare(kv.getLease(), c.getLease());
            case UNRECOGNIZED -> 0;
        };
        return switch (c.getResult()) {
            case EQUAL -> result == 0;
            case NOT_EQUAL -> result != 0;
            case GREATER -> result > 0;
            case LESS -> result < 0;
            case UNRECOGNIZED -> true;
        };
    }
}
