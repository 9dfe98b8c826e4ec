package io.cairn.node.mvcc;

import com.google.protobuf.ByteString;
import io.cairn.api.etcdserverpb.DeleteRangeRequest;
import io.cairn.api.etcdserverpb.DeleteRangeResponse;
import io.cairn.api.etcdserverpb.PutRequest;
import io.cairn.api.etcdserverpb.PutResponse;
import io.cairn.api.etcdserverpb.ResponseHeader;
import io.cairn.api.mvccpb.Event;
import io.cairn.api.mvccpb.KeyValue;
import io.cairn.api.shard.KvErrorCode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * The writes of one command at one revision (etcd's storeTxnWrite): puts and deletes
 * buffered over the state before the command, so later operations read them; every event
 * carries {@code revision} and its position as sub-index.
 */
final class WriteTxn {

    private final long revision;
    private final long beginRevision;
    private final KvView before;
    private final NavigableMap<ByteString, Optional<KeyValue>> writes = new TreeMap<>(KeyRange.ORDER);
    private final Map<ByteString, Optional<KeyValue>> previous = new HashMap<>();
    private final List<Event> events = new ArrayList<>();
    private final KvView view;

    WriteTxn(long revision, long beginRevision, KvView before) {
        this.revision = revision;
        this.beginRevision = beginRevision;
        this.before = before;
        this.view = new OverlayView(before, writes);
    }

    /** Sees this command's writes so far. */
    KvView view() {
        return view;
    }

    /** The state before the command. */
    KvView before() {
        return before;
    }

    long revision() {
        return revision;
    }

    boolean hasChanges() {
        return !events.isEmpty();
    }

    /** The revision a read inside this command reports (etcd: begin + 1 once it wrote). */
    long readRevision() {
        return hasChanges() ? revision : beginRevision;
    }

    PutResponse put(PutRequest p) {
        KeyValue prev = view.get(p.getKey());
        if ((p.getIgnoreValue() || p.getIgnoreLease()) && prev == null) {
            throw new KvException(KvErrorCode.KEY_NOT_FOUND, "etcdserver: key not found");
        }
        KeyValue kv = KeyValue.newBuilder()
                .setKey(p.getKey())
                .setValue(p.getIgnoreValue() ? prev.getValue() : p.getValue())
                .setLease(p.getIgnoreLease() ? prev.getLease() : p.getLease())
                .setCreateRevision(prev == null ? revision : prev.getCreateRevision())
                .setModRevision(revision)
                .setVersion(prev == null ? 1 : prev.getVersion() + 1)
                .build();
        record(kv.getKey(), kv, Event.newBuilder().setType(Event.EventType.PUT).setKv(kv));
        PutResponse.Builder response = PutResponse.newBuilder().setHeader(header(revision));
        if (p.getPrevKv() && prev != null) {
            response.setPrevKv(prev);
        }
        return response.build();
    }

    DeleteRangeResponse delete(DeleteRangeRequest d) {
        List<KeyValue> doomed = new ArrayList<>();
        view.scan(new KeyRange(d.getKey(), d.getRangeEnd()), (key, kv) -> doomed.add(kv.get()));
        for (KeyValue kv : doomed) {
            KeyValue tombstone = KeyValue.newBuilder().setKey(kv.getKey()).setModRevision(revision).build();
            record(kv.getKey(), null, Event.newBuilder().setType(Event.EventType.DELETE).setKv(tombstone));
        }
        DeleteRangeResponse.Builder response = DeleteRangeResponse.newBuilder()
                .setHeader(header(readRevision()))
                .setDeleted(doomed.size());
        if (d.getPrevKv()) {
            response.addAllPrevKvs(doomed);
        }
        return response.build();
    }

    private void record(ByteString key, KeyValue kv, Event.Builder event) {
        Optional<KeyValue> prior = previous.computeIfAbsent(key, k -> Optional.ofNullable(before.get(k)));
        prior.ifPresent(event::setPrevKv);
        writes.put(key, Optional.ofNullable(kv));
        events.add(event.build());
    }

    /**
     * Adds latest, history, revlog and key-to-lease index writes (nothing when the command
     * changed nothing).
     */
    void writeTo(StoreDb store, WriteBatch batch) throws RocksDBException {
        for (Map.Entry<ByteString, Optional<KeyValue>> write : writes.entrySet()) {
            indexLease(store, batch, write.getKey(), previous.get(write.getKey()), write.getValue());
            byte[] key = write.getKey().toByteArray();
            byte[] historyKey = StoreKeys.historyKey(write.getKey(), revision);
            if (write.getValue().isPresent()) {
                byte[] value = write.getValue().get().toByteArray();
                batch.put(store.latest, key, value);
                batch.put(store.history, historyKey, value);
            } else {
                batch.delete(store.latest, key);
                batch.put(store.history, historyKey, new byte[0]);
            }
        }
        for (int sub = 0; sub < events.size(); sub++) {
            Event event = events.get(sub);
            byte[] tenant = StoreKeys.tenant(event.getKv().getKey());
            batch.put(store.revlog, StoreKeys.revlogKey(tenant, revision, sub), event.toByteArray());
        }
    }

    private static void indexLease(StoreDb store, WriteBatch batch, ByteString key,
            Optional<KeyValue> before, Optional<KeyValue> after) throws RocksDBException {
        long oldLease = before.map(KeyValue::getLease).orElse(0L);
        long newLease = after.map(KeyValue::getLease).orElse(0L);
        if (oldLease == newLease) {
            return;
        }
        byte[] tenant = StoreKeys.tenant(key);
        if (oldLease != 0) {
            batch.delete(store.leaseKeys, StoreKeys.leaseIndexKey(tenant, oldLease, key));
        }
        if (newLease != 0) {
            batch.put(store.leaseKeys, StoreKeys.leaseIndexKey(tenant, newLease, key), new byte[0]);
        }
    }

    static ResponseHeader header(long revision) {
        return ResponseHeader.newBuilder().setRevision(revision).build();
    }
}
