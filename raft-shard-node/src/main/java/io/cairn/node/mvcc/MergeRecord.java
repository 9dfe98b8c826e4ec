package io.cairn.node.mvcc;

import com.google.protobuf.InvalidProtocolBufferException;
import io.cairn.api.shard.ShardPrepareMergeCommand;
import java.util.Optional;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * The freeze of a merge source ({@code meta} family, key {@code "merge"}): written at the
 * prepare-merge command's log index, carried by snapshots, never removed (a frozen source only
 * waits to be absorbed and retired).
 */
final class MergeRecord {
    static final byte[] KEY = StoreKeys.ascii("merge");

    private MergeRecord() {
    }

    static Optional<ShardPrepareMergeCommand> read(StoreDb store) {
        try (ReadOptions options = new ReadOptions()) {
            byte[] bytes = store.get(store.meta, options, KEY);
            return bytes == null ? Optional.empty() : Optional.of(ShardPrepareMergeCommand.parseFrom(bytes));
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("corrupt merge record in the MVCC store", e);
        }
    }

    static void write(StoreDb store, ShardPrepareMergeCommand prepare, WriteBatch batch) throws RocksDBException {
        batch.put(store.meta, KEY, prepare.toByteArray());
    }
}
