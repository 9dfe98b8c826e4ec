package io.cairn.node.mvcc;

import com.google.protobuf.ByteString;
import io.cairn.api.etcdserverpb.RangeRequest;
import io.cairn.api.meta.ShardDescriptor;
import io.cairn.api.mvccpb.Event;
import io.cairn.api.shard.ShardCommand;
import io.cairn.api.shard.ShardPrepareMergeCommand;
import io.cairn.api.shard.ShardResponse;
import io.cairn.api.shard.StoredLease;
import io.cairn.node.FaultPoints;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.rocksdb.Checkpoint;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link MvccStore} on one RocksDB instance in {@code dir/db} (encodings: {@link StoreKeys}).
 * Reads and the applier hold the read side of a lock; loading a snapshot and closing hold
 * the write side, so the database is never swapped under an in-flight reader.
 */
final class RocksMvccStore implements MvccStore {
    private static final Logger log = LoggerFactory.getLogger(RocksMvccStore.class);

    private final Path dir;
    private final LeaseCheck leases;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private StoreDb store;
    private CommandApplier applier;
    private volatile long appliedIndex;
    private volatile long currentRevision;
    private boolean closed;

    private RocksMvccStore(Path dir, LeaseCheck leases) {
        this.dir = dir;
        this.leases = leases;
    }

    static MvccStore open(Path dir) {
        return open(dir, LeaseCheck.NONE);
    }

    static MvccStore open(Path dir, LeaseCheck leases) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        finishInterruptedLoad(dir);
        RocksMvccStore mvcc = new RocksMvccStore(dir, leases);
        mvcc.openDb();
        return mvcc;
    }

    private void openDb() {
        store = StoreDb.open(dir.resolve("db"));
        applier = new CommandApplier(store, leases);
        try (StoreReader reader = StoreReader.live(store)) {
            currentRevision = reader.currentRevision();
            appliedIndex = reader.appliedIndex();
        }
        try {
            for (Compactor.Pending pending : Compactor.unfinished(store)) {
                Compactor.physical(store, pending);
            }
        } catch (RocksDBException e) {
            throw new IllegalStateException("resuming compaction failed in " + dir, e);
        }
    }

    /** A crash between removing {@code db} and renaming {@code db.loading} leaves only the latter. */
    private static void finishInterruptedLoad(Path dir) {
        Path loading = dir.resolve("db.loading");
        if (!Files.exists(loading)) {
            return;
        }
        if (Files.exists(dir.resolve("db"))) {
            DirectoryTree.delete(loading);
        } else {
            move(loading, dir.resolve("db"));
        }
    }

    @Override
    public ShardResponse apply(ShardCommand command, long logIndex) {
        lock.readLock().lock();
        try {
            requireOpen();
            if (logIndex <= appliedIndex) {
                return null;
            }
            CommandApplier.Outcome outcome;
            try (WriteBatch batch = new WriteBatch()) {
                try {
                    outcome = applier.apply(command, batch);
                } catch (KvException e) {
                    batch.clear();
                    outcome = new CommandApplier.Outcome(e.toResponse(), currentRevision, null);
                }
                batch.put(store.meta, StoreKeys.APPLIED, StoreKeys.longBytes(logIndex));
                FaultPoints.hit(FaultPoints.APPLY_BEFORE_COMMIT);
                store.db.write(StoreDb.WRITE, batch);
                FaultPoints.hit(FaultPoints.APPLY_AFTER_COMMIT);
            }
            appliedIndex = logIndex;
            currentRevision = outcome.currentRevision();
            if (outcome.compaction() != null) {
                Compactor.physical(store, outcome.compaction());
            }
            return outcome.response();
        } catch (RocksDBException e) {
            throw new IllegalStateException("apply failed at log index " + logIndex, e);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public void markApplied(long logIndex) {
        lock.readLock().lock();
        try {
            requireOpen();
            if (logIndex <= appliedIndex) {
                return;
            }
            store.db.put(store.meta, StoreDb.WRITE, StoreKeys.APPLIED, StoreKeys.longBytes(logIndex));
            appliedIndex = logIndex;
        } catch (RocksDBException e) {
            throw new IllegalStateException("markApplied failed at log index " + logIndex, e);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public ShardResponse range(RangeRequest request) {
        lock.readLock().lock();
        try (StoreReader reader = StoreReader.snapshot(requireOpen())) {
            RequestChecks.range(request);
            KvView view = reader.at(request.getKey(), request.getRevision());
            return ShardResponse.newBuilder()
                    .setRange(RangeExecutor.execute(view, request, reader.currentRevision())).build();
        } catch (KvException e) {
            return e.toResponse();
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public List<Event> events(byte[] key, byte[] rangeEnd, long fromRevision, long toRevision) {
        KeyRange range = new KeyRange(ByteString.copyFrom(key), ByteString.copyFrom(rangeEnd));
        lock.readLock().lock();
        try (StoreReader reader = StoreReader.snapshot(requireOpen())) {
            return EventLog.read(reader, store, range, fromRevision, toRevision);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public List<StoredLease> leases(ByteString tenant) {
        lock.readLock().lock();
        try (StoreReader reader = StoreReader.snapshot(requireOpen())) {
            return new LeaseTable(store, reader).list(tenant.isEmpty() ? null : tenant.toByteArray());
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public Optional<StoredLease> lease(ByteString tenant, long id) {
        lock.readLock().lock();
        try (StoreReader reader = StoreReader.snapshot(requireOpen())) {
            return new LeaseTable(store, reader).get(tenant.toByteArray(), id);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public List<ByteString> leaseKeys(ByteString tenant, long id) {
        lock.readLock().lock();
        try (StoreReader reader = StoreReader.snapshot(requireOpen())) {
            return new LeaseTable(store, reader).keys(tenant.toByteArray(), id);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public long appliedIndex() {
        return appliedIndex;
    }

    @Override
    public long currentRevision() {
        return currentRevision;
    }

    @Override
    public long compactRevision(byte[] key) {
        lock.readLock().lock();
        try (StoreReader reader = StoreReader.live(requireOpen())) {
            return reader.compactRevision(ByteString.copyFrom(key));
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public long approximateSizeBytes() {
        lock.readLock().lock();
        try {
            long bytes = 0;
            for (ColumnFamilyHandle family : requireOpen().dataFamilies()) {
                bytes += store.property(family, "rocksdb.total-sst-files-size");
                bytes += store.property(family, "rocksdb.cur-size-all-mem-tables");
            }
            return bytes;
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public long approximateKeys() {
        lock.readLock().lock();
        try {
            return requireOpen().property(store.latest, "rocksdb.estimate-num-keys");
        } finally {
            lock.readLock().unlock();
        }
    }

    /** How many versions (tombstones included) of {@code key} the history holds; for tests. */
    int storedVersions(ByteString key) {
        lock.readLock().lock();
        try (StoreReader reader = StoreReader.snapshot(requireOpen());
                RocksIterator it = reader.iterator(store.history)) {
            byte[] prefix = StoreKeys.escapedPrefix(key);
            int versions = 0;
            for (it.seek(prefix); it.isValid() && StoreKeys.startsWith(it.key(), prefix, prefix.length)
                    && it.key().length == prefix.length + 8; it.next()) {
                versions++;
            }
            return versions;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** {@code target} must not exist or be an empty directory. */
    @Override
    public void saveSnapshot(Path target) {
        lock.readLock().lock();
        try (Checkpoint checkpoint = Checkpoint.create(requireOpen().db)) {
            if (Files.isDirectory(target) && DirectoryTree.isEmptyDirectory(target)) {
                Files.delete(target);
            }
            checkpoint.createCheckpoint(target.toString());
        } catch (RocksDBException | IOException e) {
            throw new IllegalStateException("cannot write MVCC snapshot to " + target, e);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public void loadSnapshot(Path source) {
        Path loading = dir.resolve("db.loading");
        DirectoryTree.delete(loading);
        DirectoryTree.copy(source, loading);
        lock.writeLock().lock();
        try {
            requireOpen().close();
            DirectoryTree.delete(dir.resolve("db"));
            move(loading, dir.resolve("db"));
            openDb();
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public Optional<ShardDescriptor> recordedShard() {
        lock.readLock().lock();
        try {
            return ShardRecord.read(requireOpen());
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public synchronized void seedShard(ShardDescriptor shard) {
        if (recordedShard().isEmpty()) {
            writeShard(shard, 0, false, null);
        }
    }

    @Override
    public void recordShard(ShardDescriptor shard, long logIndex) {
        writeShard(shard, logIndex, false, null);
    }

    @Override
    public void exportSplit(byte[] splitKey, ShardDescriptor right, Path target) {
        lock.readLock().lock();
        try {
            SplitExport.write(requireOpen(), splitKey, right, target);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public void finishSplit(byte[] splitKey, ShardDescriptor left, long logIndex) {
        writeShard(left, logIndex, true, splitKey);
        Thread.ofVirtual().name("compact-after-split").start(this::compactAfterSplit);
    }

    /** Records the descriptor (dropping keys >= splitKey when asked) with the applied index, if not applied. */
    private void writeShard(ShardDescriptor shard, long logIndex, boolean split, byte[] splitKey) {
        lock.readLock().lock();
        try (WriteBatch batch = new WriteBatch()) {
            requireOpen();
            if (logIndex > 0 && logIndex <= appliedIndex) {
                return;
            }
            if (split) {
                RangeSplit.dropFrom(store, splitKey, batch);
            }
            ShardRecord.write(store, shard, batch);
            if (logIndex > 0) {
                batch.put(store.meta, StoreKeys.APPLIED, StoreKeys.longBytes(logIndex));
            }
            store.db.write(StoreDb.WRITE, batch);
            if (logIndex > 0) {
                appliedIndex = logIndex;
            }
        } catch (RocksDBException e) {
            throw new IllegalStateException("cannot record the shard descriptor at log index " + logIndex, e);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public Optional<ShardPrepareMergeCommand> mergeFreeze() {
        lock.readLock().lock();
        try {
            return MergeRecord.read(requireOpen());
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public void freezeForMerge(ShardPrepareMergeCommand prepare, long logIndex) {
        lock.readLock().lock();
        try (WriteBatch batch = new WriteBatch()) {
            requireOpen();
            if (logIndex <= appliedIndex) {
                return;
            }
            MergeRecord.write(store, prepare, batch);
            batch.put(store.meta, StoreKeys.APPLIED, StoreKeys.longBytes(logIndex));
            store.db.write(StoreDb.WRITE, batch);
            appliedIndex = logIndex;
        } catch (RocksDBException e) {
            throw new IllegalStateException("cannot freeze the shard for a merge at log index " + logIndex, e);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public long mergeChecksum() {
        lock.readLock().lock();
        try (StoreReader reader = StoreReader.snapshot(requireOpen())) {
            return reader.checksum();
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public void absorb(MvccStore source, ShardDescriptor merged, long expectedChecksum, long logIndex) {
        RocksMvccStore from = (RocksMvccStore) source;
        lock.readLock().lock();
        from.lock.readLock().lock();
        try (StoreReader sourceReader = StoreReader.snapshot(from.requireOpen());
                WriteBatch batch = new WriteBatch();
                WriteOptions synced = new WriteOptions().setSync(true)) {
            requireOpen();
            if (logIndex <= appliedIndex) {
                return;
            }
            long checksum = sourceReader.copyInto(store, batch);
            if (checksum != expectedChecksum) {
                throw new IllegalStateException("merge source " + from.dir + " differs from the leader's (checksum "
                        + Long.toHexString(checksum) + ", expected " + Long.toHexString(expectedChecksum) + ")");
            }
            long revision = Math.max(currentRevision, from.currentRevision);
            batch.put(store.meta, StoreKeys.REVISION, StoreKeys.longBytes(revision));
            ShardRecord.write(store, merged, batch);
            batch.put(store.meta, StoreKeys.APPLIED, StoreKeys.longBytes(logIndex));
            store.db.write(synced, batch);
            appliedIndex = logIndex;
            currentRevision = revision;
        } catch (RocksDBException e) {
            throw new IllegalStateException("cannot absorb the merge source at log index " + logIndex, e);
        } finally {
            from.lock.readLock().unlock();
            lock.readLock().unlock();
        }
    }

    /** Reclaims the space of a range removed by a split, so size reports drop. */
    private void compactAfterSplit() {
        lock.readLock().lock();
        try {
            if (!closed) {
                store.db.compactRange(store.latest);
                store.db.compactRange(store.history);
                store.db.compactRange(store.revlog);
            }
        } catch (RocksDBException e) {
            log.warn("compaction after split failed in {}", dir, e);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public byte[] approximateMiddleKey() {
        lock.readLock().lock();
        try {
            return MiddleKey.of(requireOpen());
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                store.close();
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    private StoreDb requireOpen() {
        if (closed) {
            throw new IllegalStateException("MVCC store closed: " + dir);
        }
        return store;
    }

    private static void move(Path from, Path to) {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move " + from + " to " + to, e);
        }
    }
}
