package io.cairn.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.cairn.api.etcdserverpb.PutRequest;
import io.cairn.api.etcdserverpb.RangeRequest;
import io.cairn.api.meta.Replica;
import io.cairn.api.meta.ShardDescriptor;
import io.cairn.api.meta.ShardEpoch;
import io.cairn.api.shard.ShardCommand;
import io.cairn.api.shard.ShardCommitMergeCommand;
import io.cairn.api.shard.ShardPrepareMergeCommand;
import io.cairn.api.shard.ShardResponse;
import io.cairn.node.mvcc.MvccStore;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The apply side of a merge on one replica (ShardChangeApplier + MergeExecution, real stores, no Raft). */
class MergeApplyTest {
    private static final ByteString T2 = ClusterSpec.tenantPrefix(2);
    private static final ByteString T3 = ClusterSpec.tenantPrefix(3);
    private static final ShardDescriptor TARGET = shard(1, ByteString.EMPTY, T2, 1);
    private static final ShardDescriptor SOURCE = shard(2, T2, T3, 1);

    @TempDir
    Path dir;
    private MvccStore targetStore;
    private MvccStore sourceStore;
    private ShardChangeApplier target;
    private ShardChangeApplier source;
    private final AtomicInteger frozen = new AtomicInteger();
    private final AtomicInteger absorbed = new AtomicInteger();

    @BeforeEach
    void open() {
        targetStore = MvccStore.open(dir.resolve("target"));
        sourceStore = MvccStore.open(dir.resolve("source"));
        targetStore.seedShard(TARGET);
        sourceStore.seedShard(SOURCE);
        target = applier(targetStore, (s, t, p) -> Optional.of(sourceStore));
        source = applier(sourceStore, (s, t, p) -> Optional.empty());
    }

    @AfterEach
    void close() {
        targetStore.close();
        sourceStore.close();
    }

    @Test
    void aFrozenSourceRefusesEveryKeyCommandRetriablyAndTheTargetAbsorbsItsRows() {
        assertThat(put(source, sourceStore, ClusterSpec.key(2, "a"), 10, 1)).isEmpty(); // applied by the store
        sourceStore.apply(putCommand(ClusterSpec.key(2, "a"), 10), 1);
        assertThat(source.intercept(prepare(SOURCE), 2)).contains(ShardResponse.getDefaultInstance());
        assertThat(frozen).hasValue(1);
        assertThat(source.freeze()).isPresent();

        Optional<ShardResponse> refused = put(source, sourceStore, ClusterSpec.key(2, "b"), 11, 3);
        assertThat(refused).hasValueSatisfying(r -> assertThat(r.getError().hasServerBusy()).isTrue());
        assertThat(sourceStore.appliedIndex()).isEqualTo(3);
        assertThat(sourceStore.currentRevision()).isEqualTo(10);
        // a repeated freeze changes nothing
        assertThat(source.intercept(prepare(SOURCE), 4)).contains(ShardResponse.getDefaultInstance());
        assertThat(frozen).hasValue(1);

        ShardDescriptor merged = TARGET.toBuilder().setEndKey(T3)
                .setEpoch(TARGET.getEpoch().toBuilder().setVersion(2)).build();
        ShardCommand commit = ShardCommand.newBuilder().setRevision(20).setCommitMerge(ShardCommitMergeCommand
                .newBuilder().setSource(SOURCE).setMerged(merged).setSourceChecksum(sourceStore.mergeChecksum()))
                .build();
        assertThat(target.intercept(commit, 5)).contains(ShardResponse.getDefaultInstance());
        assertThat(absorbed).hasValue(1);
        assertThat(targetStore.recordedShard()).contains(merged);
        assertThat(targetStore.currentRevision()).isEqualTo(10);
        assertThat(targetStore.range(RangeRequest.newBuilder().setKey(ClusterSpec.key(2, "a")).build())
                .getRange().getKvsCount()).isEqualTo(1);
        // replayed or repeated: already merged, nothing happens again
        assertThat(target.intercept(commit, 6)).hasValueSatisfying(r -> assertThat(r.getError().hasEpochNotMatch())
                .isTrue());
        assertThat(absorbed).hasValue(1);
        // the merged target takes writes in the former source range
        assertThat(put(target, targetStore, ClusterSpec.key(2, "c"), 21, 7)).isEmpty();
    }

    @Test
    void aFreezeProposedOnAStaleDescriptorIsIgnored() {
        ShardDescriptor stale = SOURCE.toBuilder().setEpoch(ShardEpoch.newBuilder().setConfVer(1).setVersion(0)).build();
        source.intercept(prepare(stale), 1);
        assertThat(source.freeze()).isEmpty();
        assertThat(sourceStore.appliedIndex()).isEqualTo(1);
        assertThat(put(source, sourceStore, ClusterSpec.key(2, "a"), 10, 2)).isEmpty();
    }

    @Test
    void aCommitWhoseRangeIsNotTheUnionIsRefused() {
        ShardDescriptor wrong = TARGET.toBuilder().setEndKey(ClusterSpec.tenantPrefix(4))
                .setEpoch(TARGET.getEpoch().toBuilder().setVersion(2)).build();
        ShardCommand commit = ShardCommand.newBuilder().setCommitMerge(ShardCommitMergeCommand.newBuilder()
                .setSource(SOURCE).setMerged(wrong)).build();
        assertThat(target.intercept(commit, 1)).hasValueSatisfying(r -> assertThat(r.getError().hasEpochNotMatch())
                .isTrue());
        assertThat(targetStore.recordedShard()).contains(TARGET);
        assertThat(absorbed).hasValue(0);
    }

    private Optional<ShardResponse> put(ShardChangeApplier applier, MvccStore store, ByteString key, long revision,
            long index) {
        return applier.intercept(putCommand(key, revision), index);
    }

    private static ShardCommand putCommand(ByteString key, long revision) {
        return ShardCommand.newBuilder().setRevision(revision)
                .setPut(PutRequest.newBuilder().setKey(key).setValue(ByteString.copyFromUtf8("v"))).build();
    }

    private static ShardCommand prepare(ShardDescriptor source) {
        return ShardCommand.newBuilder().setPrepareMerge(ShardPrepareMergeCommand.newBuilder()
                .setSource(source).setTarget(TARGET)).build();
    }

    private ShardChangeApplier applier(MvccStore store, MergeHost host) {
        SplitHost noSplits = new SplitHost() {
            @Override
            public Path storeDir(long shardId) {
                return dir.resolve("split-" + shardId);
            }

            @Override
            public void startSplitChild(ShardDescriptor shard) {
            }
        };
        return new ShardChangeApplier(1, store, recorded -> { }, noSplits, host, new MergeEvents() {
            @Override
            public void frozen() {
                frozen.incrementAndGet();
            }

            @Override
            public void absorbed() {
                absorbed.incrementAndGet();
            }
        });
    }

    private static ShardDescriptor shard(long id, ByteString start, ByteString end, long version) {
        return ShardDescriptor.newBuilder().setId(id).setStartKey(start).setEndKey(end)
                .setEpoch(ShardEpoch.newBuilder().setConfVer(1).setVersion(version))
                .addReplicas(Replica.newBuilder().setNodeId(1)).build();
    }
}
