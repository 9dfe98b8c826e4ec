package io.cairn.node;

import com.google.protobuf.ByteString;
import io.cairn.api.etcdserverpb.PutResponse;
import io.cairn.api.etcdserverpb.RangeRequest;
import io.cairn.api.etcdserverpb.RangeResponse;
import io.cairn.api.etcdserverpb.ResponseHeader;
import io.cairn.api.mvccpb.Event;
import io.cairn.api.mvccpb.KeyValue;
import io.cairn.api.shard.KvErrorCode;
import io.cairn.api.shard.ShardCommand;
import io.cairn.api.shard.ShardResponse;
import io.cairn.node.mvcc.MvccStore;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Interim test store (puts and ranges only, in memory, snapshots to one file) used until the
 * RocksDB MVCC store is merged. Keeps the contract the engine relies on: idempotent replay by
 * log index, rejection of stale revisions, reads at a revision.
 */
final class MapMvccStore implements MvccStore {
    private final TreeMap<ByteString, List<KeyValue>> history = new TreeMap<>(ByteString.unsignedLexicographicalComparator());
    private long appliedIndex;
    private long revision;

    @Override
    public synchronized ShardResponse apply(ShardCommand command, long logIndex) {
        if (logIndex <= appliedIndex) {
            return null;
        }
        appliedIndex = logIndex;
        if (command.getRevision() <= revision) {
            return error(KvErrorCode.INTERNAL, "stale revision");
        }
        if (!command.hasPut()) {
            return error(KvErrorCode.INTERNAL, "the interim test store only applies puts");
        }
        revision = command.getRevision();
        ByteString key = command.getPut().getKey();
        List<KeyValue> versions = history.computeIfAbsent(key, k -> new ArrayList<>());
        KeyValue prev = versions.isEmpty() ? null : versions.getLast();
        versions.add(KeyValue.newBuilder().setKey(key).setValue(command.getPut().getValue())
                .setCreateRevision(prev == null ? revision : prev.getCreateRevision())
                .setModRevision(revision).setVersion(prev == null ? 1 : prev.getVersion() + 1).build());
        return ShardResponse.newBuilder().setPut(PutResponse.newBuilder().setHeader(header())).build();
    }

    @Override
    public synchronized void markApplied(long logIndex) {
        appliedIndex = Math.max(appliedIndex, logIndex);
    }

    @Override
    public synchronized ShardResponse range(RangeRequest request) {
        long at = request.getRevision() == 0 ? Long.MAX_VALUE : request.getRevision();
        Map<ByteString, List<KeyValue>> keys = request.getRangeEnd().isEmpty()
                ? history.subMap(request.getKey(), true, request.getKey(), true)
                : history.subMap(request.getKey(), request.getRangeEnd());
        RangeResponse.Builder range = RangeResponse.newBuilder().setHeader(header());
        for (List<KeyValue> versions : keys.values()) {
            versions.stream().filter(kv -> kv.getModRevision() <= at).reduce((a, b) -> b).ifPresent(range::addKvs);
        }
        return ShardResponse.newBuilder().setRange(range.setCount(range.getKvsCount())).build();
    }

    private ResponseHeader header() {
        return ResponseHeader.newBuilder().setRevision(revision).build();
    }

    private static ShardResponse error(KvErrorCode code, String message) {
        return ShardErrors.kv(code, message);
    }

    @Override
    public List<Event> events(byte[] key, byte[] rangeEnd, long fromRevision, long toRevision) {
        throw new UnsupportedOperationException();
    }

    @Override
    public synchronized long appliedIndex() {
        return appliedIndex;
    }

    @Override
    public synchronized long currentRevision() {
        return revision;
    }

    @Override
    public long compactRevision(byte[] key) {
        return 0;
    }

    @Override
    public synchronized long approximateSizeBytes() {
        return history.values().stream().flatMap(List::stream).mapToLong(KeyValue::getSerializedSize).sum();
    }

    @Override
    public synchronized long approximateKeys() {
        return history.size();
    }

    @Override
    public synchronized void saveSnapshot(Path dir) {
        try {
            Files.createDirectories(dir);
            try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(dir.resolve("state")))) {
                out.writeLong(appliedIndex);
                out.writeLong(revision);
                for (List<KeyValue> versions : history.values()) {
                    for (KeyValue kv : versions) {
                        out.writeInt(kv.getSerializedSize());
                        out.write(kv.toByteArray());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void loadSnapshot(Path dir) {
        history.clear();
        try (DataInputStream in = new DataInputStream(Files.newInputStream(dir.resolve("state")))) {
            appliedIndex = in.readLong();
            revision = in.readLong();
            while (in.available() > 0) {
                KeyValue kv = KeyValue.parseFrom(in.readNBytes(in.readInt()));
                history.computeIfAbsent(kv.getKey(), k -> new ArrayList<>()).add(kv);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
    }
}
