package io.cairn.node.mvcc;

import com.google.protobuf.InvalidProtocolBufferException;
import io.cairn.api.meta.ShardDescriptor;
import java.util.Optional;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * The shard's descriptor (range, epoch, replicas) as recorded in the store's {@code meta}
 * family under {@code "shard"}: written by committed membership and split commands (so every
 * replica holds the same one at the same log index), carried by snapshots, and seeded once
 * from the control plane's descriptor when a bootstrapped replica starts empty.
 */
final class ShardRecord {
    static final byte[] KEY = StoreKeys.ascii("shard");

    private ShardRecord() {
    }

    static Optional<ShardDescriptor> read(StoreDb store) {
        try (ReadOptions options = new ReadOptions()) {
            byte[] bytes = store.get(store.meta, options, KEY);
            return bytes == null ? Optional.empty() : Optional.of(ShardDescriptor.parseFrom(bytes));
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("corrupt shard descriptor in the MVCC store", e);
        }
    }

    static void write(StoreDb store, ShardDescriptor shard, WriteBatch batch) throws RocksDBException {
        batch.put(store.meta, KEY, shard.toByteArray());
    }
}
