package io.cairn.gateway.concurrency;

import com.google.protobuf.ByteString;
import io.cairn.api.etcdserverpb.Compare;
import io.cairn.api.etcdserverpb.DeleteRangeRequest;
import io.cairn.api.etcdserverpb.DeleteRangeResponse;
import io.cairn.api.etcdserverpb.RangeRequest;
import io.cairn.api.etcdserverpb.RangeResponse;
import io.cairn.api.etcdserverpb.RequestOp;
import io.cairn.api.etcdserverpb.ResponseHeader;
import io.cairn.api.etcdserverpb.ResponseOp;
import io.cairn.api.etcdserverpb.TxnRequest;
import io.cairn.api.etcdserverpb.TxnResponse;
import io.cairn.api.etcdserverpb.WatchResponse;
import io.cairn.api.mvccpb.Event;
import io.cairn.api.mvccpb.KeyValue;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * An in-memory tenant store with just what the recipes use: revisions start at 1 (Cairn's
 * first write may have revision 1), txn compares on CREATE, prefix reads sorted by create
 * revision with max_create_revision, leases that delete their keys, and watches of future events.
 */
final class FakeTenantStore implements TenantStore {
    private static final Comparator<ByteString> ORDER = ByteString.unsignedLexicographicalComparator();

    private final TreeMap<ByteString, KeyValue> kvs = new TreeMap<>(ORDER);
    private final Set<Long> leases = new HashSet<>();
    private final List<FakeWatch> watches = new CopyOnWriteArrayList<>();
    /** Every watch ever opened, as "key" or "key..end". */
    final List<String> watched = new CopyOnWriteArrayList<>();
    private long revision;
    private long nextLease = 0x100;

    @Override
    public synchronized TxnResponse txn(TxnRequest request) {
        boolean ok = request.getCompareList().stream().allMatch(this::holds);
        List<RequestOp> ops = ok ? request.getSuccessList() : request.getFailureList();
        boolean writes = ops.stream().anyMatch(op -> !op.hasRequestRange());
        long at = writes ? revision + 1 : revision;
        for (RequestOp op : ops) {
            if (op.hasRequestPut() && op.getRequestPut().getLease() != 0 && !leases.contains(op.getRequestPut().getLease())) {
                throw new IllegalStateException("etcdserver: requested lease not found");
            }
        }
        TxnResponse.Builder response = TxnResponse.newBuilder().setSucceeded(ok);
        for (RequestOp op : ops) {
            if (op.hasRequestPut()) {
                var put = op.getRequestPut();
                KeyValue prev = kvs.get(put.getKey());
                KeyValue kv = KeyValue.newBuilder().setKey(put.getKey()).setValue(put.getValue()).setLease(put.getLease())
                        .setCreateRevision(prev == null ? at : prev.getCreateRevision()).setModRevision(at)
                        .setVersion(prev == null ? 1 : prev.getVersion() + 1).build();
                kvs.put(put.getKey(), kv);
                publish(Event.newBuilder().setType(Event.EventType.PUT).setKv(kv).build(), at);
                response.addResponses(ResponseOp.newBuilder().setResponsePut(io.cairn.api.etcdserverpb.PutResponse.getDefaultInstance()));
            } else if (op.hasRequestRange()) {
                response.addResponses(ResponseOp.newBuilder().setResponseRange(read(op.getRequestRange())));
            } else if (op.hasRequestDeleteRange()) {
                remove(op.getRequestDeleteRange().getKey(), at);
                response.addResponses(ResponseOp.newBuilder()
                        .setResponseDeleteRange(DeleteRangeResponse.getDefaultInstance()));
            }
        }
        revision = at;
        return response.setHeader(header()).build();
    }

    @Override
    public synchronized RangeResponse range(RangeRequest request) {
        return read(request);
    }

    @Override
    public synchronized DeleteRangeResponse deleteRange(DeleteRangeRequest request) {
        if (kvs.containsKey(request.getKey())) {
            revision++;
            remove(request.getKey(), revision);
            return DeleteRangeResponse.newBuilder().setHeader(header()).setDeleted(1).build();
        }
        return DeleteRangeResponse.newBuilder().setHeader(header()).build();
    }

    @Override
    public synchronized long grantLease(long ttlSeconds) {
        long id = nextLease++;
        leases.add(id);
        return id;
    }

    synchronized long lease() {
        return grantLease(60);
    }

    /** The lease expires: its keys go, all at one revision. */
    synchronized void expire(long lease) {
        leases.remove(lease);
        List<ByteString> doomed = kvs.values().stream().filter(kv -> kv.getLease() == lease).map(KeyValue::getKey).toList();
        if (!doomed.isEmpty()) {
            revision++;
            doomed.forEach(key -> remove(key, revision));
        }
    }

    synchronized List<String> keys() {
        return kvs.keySet().stream().map(ByteString::toStringUtf8).toList();
    }

    synchronized Optional<KeyValue> get(String key) {
        return Optional.ofNullable(kvs.get(ByteString.copyFromUtf8(key)));
    }

    int openWatches() {
        return (int) watches.stream().filter(w -> !w.closed).count();
    }

    @Override
    public synchronized KeyWatch watch(ByteString key, ByteString rangeEnd, long startRevision) {
        FakeWatch watch = new FakeWatch(key, rangeEnd);
        watches.add(watch);
        watched.add(rangeEnd.isEmpty() ? key.toStringUtf8() : key.toStringUtf8() + ".." + rangeEnd.toStringUtf8());
        return watch;
    }

    private boolean holds(Compare compare) {
        KeyValue kv = kvs.get(compare.getKey());
        long create = kv == null ? 0 : kv.getCreateRevision();
        if (compare.getTarget() != Compare.CompareTarget.CREATE || compare.getResult() != Compare.CompareResult.EQUAL) {
            throw new UnsupportedOperationException("fake supports CREATE = only");
        }
        return create == compare.getCreateRevision();
    }

    private RangeResponse read(RangeRequest request) {
        List<KeyValue> found = new ArrayList<>();
        if (request.getRangeEnd().isEmpty()) {
            Optional.ofNullable(kvs.get(request.getKey())).ifPresent(found::add);
        } else {
            found.addAll(kvs.subMap(request.getKey(), request.getRangeEnd()).values());
        }
        if (request.getMaxCreateRevision() != 0) {
            found.removeIf(kv -> kv.getCreateRevision() > request.getMaxCreateRevision());
        }
        if (request.getSortTarget() == RangeRequest.SortTarget.CREATE) {
            found.sort(Comparator.comparingLong(KeyValue::getCreateRevision));
            if (request.getSortOrder() == RangeRequest.SortOrder.DESCEND) {
                found = new ArrayList<>(found.reversed());
            }
        }
        if (request.getLimit() > 0 && found.size() > request.getLimit()) {
            found = found.subList(0, (int) request.getLimit());
        }
        return RangeResponse.newBuilder().setHeader(header()).addAllKvs(found).setCount(found.size()).build();
    }

    private void remove(ByteString key, long at) {
        KeyValue gone = kvs.remove(key);
        if (gone != null) {
            publish(Event.newBuilder().setType(Event.EventType.DELETE)
                    .setKv(KeyValue.newBuilder().setKey(key).setModRevision(at)).build(), at);
        }
    }

    private void publish(Event event, long at) {
        for (FakeWatch watch : watches) {
            if (watch.covers(event.getKv().getKey())) {
                watch.queue.add(WatchResponse.newBuilder().setHeader(ResponseHeader.newBuilder().setRevision(at))
                        .addEvents(event).build());
            }
        }
    }

    private ResponseHeader header() {
        return ResponseHeader.newBuilder().setRevision(revision).build();
    }

    private static final class FakeWatch implements KeyWatch {
        private static final WatchResponse CLOSED = WatchResponse.newBuilder().setWatchId(-2).build();
        final LinkedBlockingQueue<WatchResponse> queue = new LinkedBlockingQueue<>();
        final ByteString key;
        final ByteString end;
        volatile boolean closed;

        FakeWatch(ByteString key, ByteString end) {
            this.key = key;
            this.end = end;
        }

        boolean covers(ByteString k) {
            return end.isEmpty() ? k.equals(key) : ORDER.compare(k, key) >= 0 && ORDER.compare(k, end) < 0;
        }

        @Override
        public Optional<WatchResponse> next() throws InterruptedException {
            WatchResponse r = queue.take();
            if (r == CLOSED) {
                queue.add(CLOSED);
                return Optional.empty();
            }
            return Optional.of(r);
        }

        @Override
        public void close() {
            closed = true;
            queue.add(CLOSED);
        }
    }
}
