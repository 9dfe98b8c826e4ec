package io.cairn.node.mvcc;

import static io.cairn.node.mvcc.MvccMergeTest.key;
import static io.cairn.node.mvcc.MvccMergeTest.shard;
import static io.cairn.node.mvcc.MvccMergeTest.tenant;
import static io.cairn.node.mvcc.MvccHarness.v;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.cairn.api.etcdserverpb.PutRequest;
import io.cairn.api.shard.LeaseGrantCommand;
import io.cairn.api.shard.ShardCommand;
import io.cairn.api.shard.StoredLease;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A split keeps each lease row on exactly one side, its tenant's lease home (the side holding
 * the tenant's first key), and each lease-index entry with its key (docs/adr/0005-leases.md).
 */
class MvccSplitLeaseTest {
    private static final ByteString T7 = tenant(7);
    private static final ByteString T8 = tenant(8);

    @TempDir
    Path dir;
    private MvccHarness h;

    @BeforeEach
    void open() {
        h = new MvccHarness(dir.resolve("parent"));
        grant(T7, 1);
        grant(T8, 2);
        putWithLease(key(7, "a"), 1);
        putWithLease(key(7, "m"), 1);
        putWithLease(key(8, "x"), 2);
    }

    @AfterEach
    void close() {
        h.close();
    }

    @Test
    void aSplitAtATenantBoundaryMovesThatTenantsLeasesAndKeepsTheOthers() {
        try (MvccStore child = split(T8)) {
            assertThat(child.leases(ByteString.EMPTY)).extracting(StoredLease::getTenant).containsExactly(T8);
            assertThat(child.leaseKeys(T8, 2)).containsExactly(key(8, "x"));
            assertThat(child.leaseKeys(T7, 1)).isEmpty();
        }
        assertThat(h.store.leases(ByteString.EMPTY)).extracting(StoredLease::getTenant).containsExactly(T7);
        assertThat(h.store.leaseKeys(T7, 1)).containsExactly(key(7, "a"), key(7, "m"));
        assertThat(h.store.leaseKeys(T8, 2)).isEmpty();
    }

    @Test
    void aSplitInsideATenantLeavesItsLeasesAtHomeAndMovesTheIndexOfTheMovedKeys() {
        try (MvccStore child = split(key(7, "h"))) {
            assertThat(child.leases(ByteString.EMPTY)).extracting(StoredLease::getTenant).containsExactly(T8);
            assertThat(child.leaseKeys(T7, 1)).containsExactly(key(7, "m"));
            assertThat(child.leaseKeys(T8, 2)).containsExactly(key(8, "x"));
        }
        assertThat(h.store.leases(ByteString.EMPTY)).extracting(StoredLease::getTenant).containsExactly(T7);
        assertThat(h.store.leaseKeys(T7, 1)).containsExactly(key(7, "a"));
        assertThat(h.store.leaseKeys(T8, 2)).isEmpty();
    }

    @Test
    void leaseBoundaryIsTheFirstTenantWhoseHomeIsAtOrAboveTheSplitKey() {
        assertThat(RangeSplit.leaseBoundary(T8.toByteArray())).isEqualTo(T8.toByteArray());
        assertThat(RangeSplit.leaseBoundary(key(7, "h").toByteArray())).isEqualTo(T8.toByteArray());
        assertThat(RangeSplit.leaseBoundary(new byte[] {0, 0, 0, 1})).isEqualTo(new byte[] {0, 0, 0, 1, 0, 0, 0, 0});
        byte[] last = new byte[9];
        java.util.Arrays.fill(last, (byte) 0xFF);
        assertThat(RangeSplit.leaseBoundary(last)).isNull();
    }

    private MvccStore split(ByteString splitKey) {
        Path childDir = dir.resolve("child");
        h.store.exportSplit(splitKey.toByteArray(), shard(2, splitKey, ByteString.EMPTY, 2), childDir);
        h.store.finishSplit(splitKey.toByteArray(), shard(1, ByteString.EMPTY, splitKey, 2), h.nextIndex++);
        return MvccStore.open(childDir);
    }

    private void grant(ByteString tenant, long id) {
        assertThat(h.apply(ShardCommand.newBuilder().setLeaseGrant(
                LeaseGrantCommand.newBuilder().setTenant(tenant).setId(id).setTtl(60))).hasLeaseGrant()).isTrue();
    }

    private void putWithLease(ByteString key, long lease) {
        assertThat(h.putRaw(PutRequest.newBuilder().setKey(key).setValue(v("v")).setLease(lease)).hasPut()).isTrue();
    }
}
