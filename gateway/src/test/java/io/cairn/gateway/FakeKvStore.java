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
import io.cairn.api.etcdserverpb.ResponseHeader;
import io.cairn.api.etcdserverpb.ResponseOp;
import io.cairn.api.etcdserverpb.TxnRequest;
import io.cairn.api.etcdserverpb.TxnResponse;
import io.cairn.api.mvccpb.KeyValue;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * The latest value of every internal key, with etcd's create/mod revision and version
 * bookkeeping; enough KV semantics to test the gateway (no history).
 */
final class FakeKvStore {
    private static final Comparator<ByteString> ORDER = ByteString.unsignedLexicographicalComparator();

    private final TreeMap<ByteString, KeyValue> data = new TreeMap<>(ORDER);
    private final LongSupplier revisions;
    private long revision;

    FakeKvStore(LongSupplier revisions) {
        this.revisions = revisions;
    }

    synchronized List<ByteString> keys() {
        return List.copyOf(data.keySet());
    }

    synchronized RangeResponse range(RangeRequest r) {
        List<KeyValue> kvs = new ArrayList<>();
        for (KeyValue kv : span(r.getKey(), r.getRangeEnd()).values()) {
            boolean keep = (r.getMinModRevision() == 0 || kv.getModRevision() >= r.getMinModRevision())
                    && (r.getMaxModRevision() == 0 || kv.getModRevision() <= r.getMaxModRevision())
                    && (r.getMinCreateRevision() == 0 || kv.getCreateRevision() >= r.getMinCreateRevision())
                    && (r.getMaxCreateRevision() == 0 || kv.getCreateRevision() <= r.getMaxCreateRevision());
            if (keep) {
                kvs.add(r.getKeysOnly() ? kv.toBuilder().clearValue().build() : kv);
            }
        }
        RangeResponse.Builder b = RangeResponse.newBuilder().setHeader(header()).setCount(kvs.size());
        if (r.getCountOnly()) {
            return b.build();
        }
        Comparator<KeyValue> target = switch (r.getSortTarget()) {
            case VERSION -> Comparator.comparingLong(KeyValue::getVersion);
            case CREATE -> Comparator.comparingLong(KeyValue::getCreateRevision);
            case MOD -> Comparator.comparingLong(KeyValue::getModRevision);
            case VALUE -> Comparator.comparing(KeyValue::getValue, ORDER);
            default -> Comparator.comparing(KeyValue::getKey, ORDER);
        };
        if (r.getSortOrder() == RangeRequest.SortOrder.DESCEND) {
            kvs.sort(target.reversed());
        } else if (r.getSortOrder() == RangeRequest.SortOrder.ASCEND || r.getSortTarget() != RangeRequest.SortTarget.KEY) {
            kvs.sort(target);
        }
        if (r.getLimit() > 0 && kvs.size() > r.getLimit()) {
            kvs = kvs.subList(0, (int) r.getLimit());
            b.setMore(true);
        }
        return b.addAllKvs(kvs).build();
    }

    synchronized PutResponse put(PutRequest r) {
        return put(r, revisions.getAsLong());
    }

    synchronized DeleteRangeResponse deleteRange(DeleteRangeRequest r) {
        return delete(r, revisions.getAsLong());
    }

    synchronized TxnResponse txn(TxnRequest r) {
        long rev = revisions.getAsLong();
        return txn(r, rev);
    }

    private TxnResponse txn(TxnRequest r, long rev) {
        boolean ok = r.getCompareList().stream().allMatch(this::holds);
        TxnResponse.Builder b = TxnResponse.newBuilder().setSucceeded(ok);
        for (RequestOp op : ok ? r.getSuccessList() : r.getFailureList()) {
            b.addResponses(switch (op.getRequestCase()) {
                case REQUEST_RANGE -> ResponseOp.newBuilder().setResponseRange(range(op.getRequestRange())).build();
                case REQUEST_PUT -> ResponseOp.newBuilder().setResponsePut(put(op.getRequestPut(), rev)).build();
                case REQUEST_DELETE_RANGE -> ResponseOp.newBuilder()
                        .setResponseDeleteRange(delete(op.getRequestDeleteRange(), rev)).build();
                case REQUEST_TXN -> ResponseOp.newBuilder().setResponseTxn(txn(op.getRequestTxn(), rev)).build();
                case REQUEST_NOT_SET -> ResponseOp.getDefaultInstance();
            });
        }
        return b.setHeader(header()).build();
    }

    private PutResponse put(PutRequest r, long rev) {
        KeyValue old = data.get(r.getKey());
        if (old == null && (r.getIgnoreValue() || r.getIgnoreLease())) {
            throw new FakeKvError(io.cairn.api.shard.KvErrorCode.KEY_NOT_FOUND);
        }
        KeyValue next = KeyValue.newBuilder().setKey(r.getKey())
                .setValue(r.getIgnoreValue() ? old.getValue() : r.getValue())
                .setLease(r.getIgnoreLease() ? old.getLease() : r.getLease())
                .setCreateRevision(old == null ? rev : old.getCreateRevision())
                .setModRevision(rev)
                .setVersion(old == null ? 1 : old.getVersion() + 1)
                .build();
        data.put(r.getKey(), next);
        revision = Math.max(revision, rev);
        PutResponse.Builder b = PutResponse.newBuilder().setHeader(header());
        if (r.getPrevKv() && old != null) {
            b.setPrevKv(old);
        }
        return b.build();
    }

    private DeleteRangeResponse delete(DeleteRangeRequest r, long rev) {
        NavigableMap<ByteString, KeyValue> span = span(r.getKey(), r.getRangeEnd());
        List<KeyValue> removed = new ArrayList<>(span.values());
        span.clear();
        if (!removed.isEmpty()) {
            revision = Math.max(revision, rev);
        }
        DeleteRangeResponse.Builder b = DeleteRangeResponse.newBuilder().setHeader(header()).setDeleted(removed.size());
        if (r.getPrevKv()) {
            b.addAllPrevKvs(removed);
        }
        return b.build();
    }

    private boolean holds(Compare c) {
        KeyValue kv = data.getOrDefault(c.getKey(), KeyValue.newBuilder().setKey(c.getKey()).build());
        int cmp = switch (c.getTarget()) {
            case VERSION -> Long.compare(kv.getVersion(), c.getVersion());
            case CREATE -> Long.compare(kv.getCreateRevision(), c.getCreateRevision());
            case MOD -> Long.compare(kv.getModRevision(), c.getModRevision());
            case VALUE -> ORDER.compare(kv.getValue(), c.getValue());
            case LEASE -> Long.compare(kv.getLease(), c.getLease());
            default -> throw new IllegalArgumentException("target " + c.getTarget());
        };
        return switch (c.getResult()) {
            case EQUAL -> cmp == 0;
            case GREATER -> cmp > 0;
            case LESS -> cmp < 0;
            case NOT_EQUAL -> cmp != 0;
            default -> throw new IllegalArgumentException("result " + c.getResult());
        };
    }

    private NavigableMap<ByteString, KeyValue> span(ByteString key, ByteString end) {
        if (end.isEmpty()) {
            return data.subMap(key, true, key, true);
        }
        if (ORDER.compare(end, key) <= 0) {
            return new TreeMap<>(ORDER);
        }
        return data.subMap(key, true, end, false);
    }

    private ResponseHeader header() {
        return ResponseHeader.newBuilder().setRevision(revision).setRaftTerm(3).build();
    }

    /** A KV error the fake answers with. */
    static final class FakeKvError extends RuntimeException {
        final io.cairn.api.shard.KvErrorCode code;

        FakeKvError(io.cairn.api.shard.KvErrorCode code) {
            super(code.name(), null, false, false);
            this.code = code;
        }
    }
}
