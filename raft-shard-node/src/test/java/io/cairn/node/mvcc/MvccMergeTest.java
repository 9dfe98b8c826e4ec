package io.cairn.node.mvcc;

import static io.cairn.node.mvcc.MvccHarness.tenantKey;
import static io.cairn.node.mvcc.MvccHarness.v;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.cairn.api.etcdserverpb.PutRequest;
import io.cairn.api.etcdserverpb.RangeRequest;
import io.cairn.api.meta.ShardDescriptor;
import io.cairn.api.meta.ShardEpoch;
import io.cairn.api.mvccpb.Event;
import io.cairn.api.shard.LeaseGrantCommand;
import io.cairn.api.shard.LeaseRevokeCommand;
import io.cairn.api.shard.ShardCommand;
import io.cairn.api.shard.ShardCompactRequest;
import io.cairn.api.shard.ShardPrepareMergeCommand;
import io.cairn.api.shard.StoredLease;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A merge source's rows absorbed into the target (docs/adr/0006-shard-merge.md): latest state,
 * history, events, leases and the lease index, revisions and compaction, checksum, idempotence.
 */
class MvccMergeTest {
    private static final ByteString T7 = tenant(7);
    private static final ByteString T8 = tenant(8);
    private static final ByteString T9 = tenant(9);

    @TempDir
    Path dir;
    private MvccHarness target;
    private MvccHarness source;

    @BeforeEach
    void open() {
        target = new MvccHarness(dir.resolve("target"));
        source = new MvccHarness(dir.resolve("source"));
    }

    @AfterEach
    void close() {
        target.close();
        source.close();
    }

    @Test
    void theTargetServesTheSourceRowsHistoryEventsAndLeasesAtOneIndex() {
        // revisions are global: the two shards interleave them
        put(target, 7, "a", "a1");
        long sourceFirst = put(source, 8, "x", "x1");
        put(source, 8, "y", "y1");
        grant(source, T8, 55, 60);
        long leased = putWithLease(source, 8, "leased", 55);
        long sourceSecond = put(source, 8, "x", "x2");
        put(target, 7, "a", "a2");
        compact(source, T8, sourceFirst + 1);
        grant(target, T7, 77, 30);
        long targetLast = put(target, 7, "b", "b1");
        long sourceLast = source.store.currentRevision();
        assertThat(targetLast).isGreaterThan(sourceLast);

        ShardDescriptor t = shard(1, ByteString.EMPTY, T8, 3);
        ShardDescriptor s = shard(2, T8, T9, 5);
        source.store.freezeForMerge(ShardPrepareMergeCommand.newBuilder().setSource(s).setTarget(t).build(),
                source.nextIndex++);
        ShardDescriptor merged = shard(1, ByteString.EMPTY, T9, 6);
        long checksum = source.store.mergeChecksum();
        long index = target.nextIndex++;
        target.store.absorb(source.store, merged, checksum, index);

        assertThat(target.store.recordedShard()).contains(merged);
        assertThat(target.store.appliedIndex()).isEqualTo(index);
        assertThat(target.store.currentRevision()).isEqualTo(Math.max(targetLast, sourceLast));
        assertThat(value(target, key(8, "x"), 0)).isEqualTo("x2");
        assertThat(value(target, key(8, "x"), sourceSecond - 1)).as("history").isEqualTo("x1");
        assertThat(value(target, key(7, "a"), 0)).isEqualTo("a2");
        assertThat(target.store.compactRevision(key(8, "x").toByteArray())).isEqualTo(sourceFirst + 1);
        assertThat(target.store.range(RangeRequest.newBuilder().setKey(key(8, "x")).setRevision(sourceFirst).build())
                .getError().getKvError().getMessage()).contains("compacted");
        List<Event> events = target.store.events(T8.toByteArray(), T9.toByteArray(), sourceFirst + 1, Long.MAX_VALUE);
        assertThat(events).extracting(e -> e.getKv().getModRevision()).contains(leased, sourceSecond);
        assertThat(target.store.leases(ByteString.EMPTY)).extracting(StoredLease::getId).containsExactly(77L, 55L);
        assertThat(target.store.leaseKeys(T8, 55)).containsExactly(key(8, "leased"));

        // the source's lease now lives on the merged shard: revoking it there deletes its key
        long revokeAt = target.nextRevision = Math.max(targetLast, sourceLast) + 10;
        assertThat(target.write(ShardCommand.newBuilder().setLeaseRevoke(
                LeaseRevokeCommand.newBuilder().setTenant(T8).setId(55))).hasLeaseRevoke()).isTrue();
        assertThat(target.store.range(RangeRequest.newBuilder().setKey(key(8, "leased")).build()).getRange()
                .getKvsCount()).isZero();
        assertThat(target.store.currentRevision()).isEqualTo(revokeAt);

        // replaying the same index changes nothing; the merge survives a restart
        target.store.absorb(source.store, merged, checksum, index);
        target.reopen();
        assertThat(target.store.recordedShard()).contains(merged);
        assertThat(value(target, key(8, "y"), 0)).isEqualTo("y1");
    }

    @Test
    void aSourceThatDiffersFromTheLeadersChecksumIsRefusedAndNothingChanges() {
        put(target, 7, "a", "a1");
        put(source, 8, "x", "x1");
        long index = target.nextIndex++;
        assertThatThrownBy(() -> target.store.absorb(source.store, shard(1, ByteString.EMPTY, T9, 2),
                source.store.mergeChecksum() + 1, index)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("checksum");
        assertThat(target.store.appliedIndex()).isLessThan(index);
        assertThat(target.store.range(RangeRequest.newBuilder().setKey(key(8, "x")).build()).getRange()
                .getKvsCount()).isZero();
    }

    @Test
    void aFrozenStoreKeepsItsFreezeAcrossARestart() {
        ShardPrepareMergeCommand freeze = ShardPrepareMergeCommand.newBuilder()
                .setSource(shard(2, T8, T9, 1)).setTarget(shard(1, ByteString.EMPTY, T8, 1)).build();
        assertThat(source.store.mergeFreeze()).isEmpty();
        source.store.freezeForMerge(freeze, source.nextIndex++);
        source.reopen();
        assertThat(source.store.mergeFreeze()).contains(freeze);
    }

    private long put(MvccHarness h, long tenant, String key, String value) {
        h.nextRevision = Math.max(h.nextRevision, Math.max(target.nextRevision, source.nextRevision));
        long revision = h.putRaw(PutRequest.newBuilder().setKey(key(tenant, key)).setValue(v(value)))
                .getPut().getHeader().getRevision();
        target.nextRevision = source.nextRevision = revision + 1;
        return revision;
    }

    private long putWithLease(MvccHarness h, long tenant, String key, long lease) {
        h.nextRevision = Math.max(target.nextRevision, source.nextRevision);
        long revision = h.putRaw(PutRequest.newBuilder().setKey(key(tenant, key)).setValue(v("l")).setLease(lease))
                .getPut().getHeader().getRevision();
        target.nextRevision = source.nextRevision = revision + 1;
        return revision;
    }

    private static void grant(MvccHarness h, ByteString tenant, long id, long ttl) {
        assertThat(h.apply(ShardCommand.newBuilder().setLeaseGrant(
                LeaseGrantCommand.newBuilder().setTenant(tenant).setId(id).setTtl(ttl))).hasLeaseGrant()).isTrue();
    }

    private static void compact(MvccHarness h, ByteString tenant, long revision) {
        h.apply(ShardCommand.newBuilder().setCompact(ShardCompactRequest.newBuilder().setRevision(revision)
                .setPhysical(true).setKey(tenant).setRangeEnd(tenant(tenant.asReadOnlyByteBuffer().getLong() + 1))));
    }

    private static String value(MvccHarness h, ByteString key, long revision) {
        var response = h.store.range(RangeRequest.newBuilder().setKey(key).setRevision(revision).build());
        assertThat(response.hasRange()).as("range %s", response).isTrue();
        return response.getRange().getKvs(0).getValue().toStringUtf8();
    }

    static ShardDescriptor shard(long id, ByteString start, ByteString end, long version) {
        return ShardDescriptor.newBuilder().setId(id).setStartKey(start).setEndKey(end)
                .setEpoch(ShardEpoch.newBuilder().setConfVer(1).setVersion(version)).build();
    }

    static ByteString key(long tenant, String userKey) {
        return tenantKey(tenant, userKey.getBytes(StandardCharsets.UTF_8));
    }

    static ByteString tenant(long tenant) {
        return ByteString.copyFrom(ByteBuffer.allocate(8).putLong(tenant).array());
    }
}
