package io.cairn.node;

import com.alipay.sofa.jraft.Status;
import com.alipay.sofa.jraft.entity.RaftOutter.SnapshotMeta;
import com.alipay.sofa.jraft.error.RaftError;
import com.alipay.sofa.jraft.storage.snapshot.SnapshotReader;
import com.alipay.sofa.jraft.storage.snapshot.SnapshotWriter;
import io.cairn.node.mvcc.MvccStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A shard's Raft snapshot: a copy of its MVCC store (a RocksDB checkpoint) in the
 * {@value #DIR} directory of the JRaft snapshot, every file registered with the writer so
 * a lagging follower receives it.
 */
final class ShardSnapshots {
    static final String DIR = "mvcc";
    private static final Logger log = LoggerFactory.getLogger(ShardSnapshots.class);

    private final long shardId;
    private final MvccStore store;

    ShardSnapshots(long shardId, MvccStore store) {
        this.shardId = shardId;
        this.store = store;
    }

    Status save(SnapshotWriter writer) {
        Path root = Path.of(writer.getPath());
        try {
            FaultPoints.hit(FaultPoints.SNAPSHOT_BEFORE_SAVE);
            store.saveSnapshot(root.resolve(DIR));
            for (Path file : files(root.resolve(DIR))) {
                if (!writer.addFile(root.relativize(file).toString())) {
                    return new Status(RaftError.EIO, "shard %d: cannot add %s to the snapshot", shardId, file);
                }
            }
            FaultPoints.hit(FaultPoints.SNAPSHOT_AFTER_SAVE);
            return Status.OK();
        } catch (RuntimeException e) {
            log.error("shard {}: snapshot failed", shardId, e);
            return new Status(RaftError.EIO, "shard %d: snapshot failed: %s", shardId, e);
        }
    }

    boolean load(SnapshotReader reader) {
        SnapshotMeta meta = reader.load();
        if (meta == null) {
            log.error("shard {}: snapshot at {} has no meta", shardId, reader.getPath());
            return false;
        }
        if (store.appliedIndex() >= meta.getLastIncludedIndex()) {
            return true;
        }
        try {
            store.loadSnapshot(Path.of(reader.getPath(), DIR));
            log.info("shard {}: loaded snapshot at index {}", shardId, meta.getLastIncludedIndex());
            return true;
        } catch (RuntimeException e) {
            log.error("shard {}: cannot load snapshot at {}", shardId, reader.getPath(), e);
            return false;
        }
    }

    private static List<Path> files(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
