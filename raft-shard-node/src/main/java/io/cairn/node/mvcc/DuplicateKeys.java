package io.cairn.node.mvcc;

import com.google.protobuf.ByteString;
import io.cairn.api.etcdserverpb.DeleteRangeRequest;
import io.cairn.api.etcdserverpb.RequestOp;
import io.cairn.api.etcdserverpb.TxnRequest;
import io.cairn.api.shard.KvErrorCode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * etcd's checkIntervals: within one branch, a put may not hit a key put or deleted
 * elsewhere in the txn (a then/else pair of a nested txn may put the same key); deletes
 * may overlap each other. Mirrors etcd's order of checks, including that a nested txn's
 * put is checked only against deletes collected before it.
 */
final class DuplicateKeys {

    private final Set<ByteString> puts = new HashSet<>();
    private final List<KeyRange> deletes = new ArrayList<>();

    private DuplicateKeys() {
    }

    static void check(List<RequestOp> ops) {
        collect(ops);
    }

    private static DuplicateKeys collect(List<RequestOp> ops) {
        DuplicateKeys level = new DuplicateKeys();
        for (RequestOp op : ops) {
            if (op.hasRequestDeleteRange()) {
                DeleteRangeRequest d = op.getRequestDeleteRange();
                level.deletes.add(new KeyRange(d.getKey(), d.getRangeEnd()));
            }
        }
        for (RequestOp op : ops) {
            if (!op.hasRequestTxn()) {
                continue;
            }
            TxnRequest nested = op.getRequestTxn();
            DuplicateKeys then = collect(nested.getSuccessList());
            DuplicateKeys otherwise = collect(nested.getFailureList());
            for (ByteString key : then.puts) {
                level.requireFree(key);
                level.puts.add(key);
            }
            for (ByteString key : otherwise.puts) {
                if (level.puts.contains(key) && !then.puts.contains(key)) {
                    throw duplicate();
                }
                if (level.deleted(key)) {
                    throw duplicate();
                }
                level.puts.add(key);
            }
            level.deletes.addAll(then.deletes);
            level.deletes.addAll(otherwise.deletes);
        }
        for (RequestOp op : ops) {
            if (op.hasRequestPut()) {
                ByteString key = op.getRequestPut().getKey();
                level.requireFree(key);
                level.puts.add(key);
            }
        }
        return level;
    }

    private void requireFree(ByteString key) {
        if (puts.contains(key) || deleted(key)) {
            throw duplicate();
        }
    }

    private boolean deleted(ByteString key) {
        return deletes.stream().anyMatch(range -> range.contains(key));
    }

    private static KvException duplicate() {
        return new KvException(KvErrorCode.DUPLICATE_KEY, "etcdserver: duplicate key given in txn request");
    }
}
