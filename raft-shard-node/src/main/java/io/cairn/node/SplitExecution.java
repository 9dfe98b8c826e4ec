package io.cairn.node;

import io.cairn.api.meta.ShardDescriptor;
import io.cairn.api.shard.ShardSplitCommand;
import io.cairn.node.mvcc.MvccStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a committed split on one replica, at its log index (so every replica splits at the
 * same point of the shard's history):
 *
 * <ol>
 *   <li>when this node hosts the new shard and its store does not exist yet: export the keys
 *       {@code >= split_key} into {@code <store>.splitting} (a RocksDB checkpoint of the parent,
 *       hard links, minus the lower range), mark it as a split child, and rename it into place;
 *   <li>narrow the engine's descriptor (before the data leaves, so a read that raced the split
 *       sees the version change and answers EPOCH_NOT_MATCH instead of missing keys);
 *   <li>drop the keys {@code >= split_key} from the parent and record its new descriptor,
 *       atomically with the applied index;
 *   <li>start the new shard's replica (a new JRaft group over the same peers).
 * </ol>
 *
 * Replaying the entry after a crash finds the new store in place and only repeats 2-4.
 */
final class SplitExecution {
    private static final Logger log = LoggerFactory.getLogger(SplitExecution.class);

    private final long nodeId;
    private final MvccStore store;
    private final SplitHost host;

    SplitExecution(long nodeId, MvccStore store, SplitHost host) {
        this.nodeId = nodeId;
        this.store = store;
        this.host = host;
    }

    void apply(ShardSplitCommand split, long index, Consumer<ShardDescriptor> recorded) {
        byte[] splitKey = split.getSplitKey().toByteArray();
        ShardDescriptor right = split.getRight();
        boolean hostsChild = right.getReplicasList().stream().anyMatch(r -> r.getNodeId() == nodeId);
        if (hostsChild) {
            export(splitKey, right);
        }
        recorded.accept(split.getLeft());
        store.finishSplit(splitKey, split.getLeft(), index);
        log.info("shard {}: split at log index {}: now epoch.version {}, shard {} takes the rest", split.getLeft().getId(),
                index, split.getLeft().getEpoch().getVersion(), right.getId());
        if (hostsChild) {
            host.startSplitChild(right);
        }
    }

    private void export(byte[] splitKey, ShardDescriptor right) {
        Path target = host.storeDir(right.getId());
        if (Files.exists(target)) {
            return;
        }
        Path building = target.resolveSibling(target.getFileName() + ".splitting");
        try {
            Files.createDirectories(target.getParent());
            deleteTree(building);
            store.exportSplit(splitKey, right, building);
            SplitChildMarkers.write(building, right);
            Files.move(building, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build the store of shard " + right.getId(), e);
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
