package io.cairn.gateway;

import com.google.protobuf.ByteString;
import io.cairn.api.etcdserverpb.DeleteRangeRequest;
import io.cairn.api.etcdserverpb.RequestOp;
import io.cairn.api.shard.KvErrorCode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * etcd's {@code checkIntervals}: within one branch of a txn (nested txns included) a key
 * may be put once, and not both put and deleted. Puts in the then and else branches of a
 * nested txn may repeat each other, since only one of them runs.
 */
final class TxnIntervals {
    private static final Comparator<ByteString> ORDER = ByteString.unsignedLexicographicalComparator();

    private record Interval(ByteString start, ByteString end) {
        boolean contains(ByteString key) {
            if (end.isEmpty()) {
                return start.equals(key);
            }
            boolean toTheEnd = end.size() == 1 && end.byteAt(0) == 0;
            return ORDER.compare(key, start) >= 0 && (toTheEnd || ORDER.compare(key, end) < 0);
        }
    }

    private record Checked(Set<ByteString> puts, List<Interval> deletes) {
        boolean deleted(ByteString key) {
            return deletes.stream().anyMatch(d -> d.contains(key));
        }
    }

    private TxnIntervals() {
    }

    static void checkNoDuplicates(List<RequestOp> ops) {
        check(ops);
    }

    private static Checked check(List<RequestOp> ops) {
        List<Interval> deletes = new ArrayList<>();
        for (RequestOp op : ops) {
            if (op.hasRequestDeleteRange()) {
                DeleteRangeRequest d = op.getRequestDeleteRange();
                deletes.add(new Interval(d.getKey(), d.getRangeEnd()));
            }
        }
        Checked level = new Checked(new HashSet<>(), deletes);
        for (RequestOp op : ops) {
            if (!op.hasRequestTxn()) {
                continue;
            }
            Checked then = check(op.getRequestTxn().getSuccessList());
            Checked otherwise = check(op.getRequestTxn().getFailureList());
            for (ByteString key : then.puts()) {
                addPut(level, key, false);
            }
            for (ByteString key : otherwise.puts()) {
                addPut(level, key, then.puts().contains(key));
            }
            deletes.addAll(then.deletes());
            deletes.addAll(otherwise.deletes());
        }
        for (RequestOp op : ops) {
            if (op.hasRequestPut()) {
                addPut(level, op.getRequestPut().getKey(), false);
            }
        }
        return level;
    }

    private static void addPut(Checked level, ByteString key, boolean repeatAllowed) {
        if ((level.puts().contains(key) && !repeatAllowed) || level.deleted(key)) {
            throw GatewayException.kv(KvErrorCode.DUPLICATE_KEY);
        }
        level.puts().add(key);
    }
}
