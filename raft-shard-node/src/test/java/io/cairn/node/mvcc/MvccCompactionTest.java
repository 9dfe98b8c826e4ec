package io.cairn.node.mvcc;

import static io.cairn.node.mvcc.MvccHarness.error;
import static io.cairn.node.mvcc.MvccHarness.k;
import static io.cairn.node.mvcc.MvccHarness.kv;
import static io.cairn.node.mvcc.MvccHarness.v;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.cairn.api.etcdserverpb.PutRequest;
import io.cairn.api.etcdserverpb.RangeRequest;
import io.cairn.api.mvccpb.Event;
import io.cairn.api.shard.KvErrorCode;
import io.cairn.api.shard.ShardResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MvccCompactionTest {

    static final ByteString OTHER = MvccHarness.tenantKey(8, "a".getBytes());

    @TempDir
    Path dir;
    MvccHarness h;

    @BeforeEach
    void load() {
        h = new MvccHarness(dir);
        h.put("a", "1");     // 1
        h.put("a", "2");     // 2
        h.put("b", "1");     // 3
        h.delete("b");       // 4
        h.put("c", "1");     // 5
        h.put("a", "3");     // 6
        h.put(PutRequest.newBuilder().setKey(OTHER).setValue(v("o1")));  // 7, another tenant
        h.put(PutRequest.newBuilder().setKey(OTHER).setValue(v("o2")));  // 8
    }

    @AfterEach
    void close() {
        h.close();
    }

    private ShardResponse rangeAt(long revision) {
        return h.store.range(RangeRequest.newBuilder().setKey(k("a")).setRangeEnd(k("z")).setRevision(revision).build());
    }

    @Test
    void keepsTheNewestVersionAtOrBelowTheRevisionUnlessTombstone() {
        ShardResponse response = h.compact(4);
        assertThat(response.getCompact().getHeader().getRevision()).isEqualTo(8);
        assertThat(h.store.compactRevision(k("x").toByteArray())).isEqualTo(4);
        assertThat(error(rangeAt(3)).getCode()).isEqualTo(KvErrorCode.COMPACTED);
        assertThat(error(rangeAt(3)).getMessage()).isEqualTo("etcdserver: mvcc: required revision has been compacted");
        assertThat(error(rangeAt(1)).getCode()).isEqualTo(KvErrorCode.COMPACTED);
        assertThat(rangeAt(4).getRange().getKvsList()).containsExactly(kv("a", "2", 1, 2, 2));
        assertThat(rangeAt(5).getRange().getKvsList()).containsExactly(kv("a", "2", 1, 2, 2), kv("c", "1", 5, 5, 1));
        assertThat(rangeAt(0).getRange().getKvsList()).containsExactly(kv("a", "3", 1, 6, 3), kv("c", "1", 5, 5, 1));
        assertThat(h.range(RangeRequest.newBuilder().setKey(k("b")).setRevision(4)).getKvsList()).isEmpty();
        assertThat(h.range(RangeRequest.newBuilder().setKey(k("b")).setRangeEnd(k("c")).setRevision(4)).getCount())
                .isZero();
        RocksMvccStore rocks = (RocksMvccStore) h.store;
        assertThat(rocks.storedVersions(k("a"))).isEqualTo(2);  // rev 2 (newest <= 4) and rev 6
        assertThat(rocks.storedVersions(k("b"))).isZero();      // newest <= 4 was a tombstone
        assertThat(rocks.storedVersions(k("c"))).isEqualTo(1);
        assertThat(rocks.storedVersions(OTHER)).isEqualTo(2);   // another tenant
        // a later put continues the generation: compaction does not touch versions
        h.put("a", "4");
        assertThat(h.kv("a")).isEqualTo(kv("a", "4", 1, 9, 4));
    }

    @Test
    void revisionAtOrBelowTheCompactionIsRejected() {
        h.compact(4);
        assertThat(error(h.compact(4)).getCode()).isEqualTo(KvErrorCode.COMPACTED);
        assertThat(error(h.compact(2)).getCode()).isEqualTo(KvErrorCode.COMPACTED);
        assertThat(h.compact(5).hasCompact()).isTrue();
        assertThat(h.store.compactRevision(k("a").toByteArray())).isEqualTo(5);
    }

    @Test
    void compactionIsPerTenant() {
        h.compact(8);
        ShardResponse other = h.store.range(RangeRequest.newBuilder().setKey(OTHER).setRevision(7).build());
        assertThat(other.getRange().getKvs(0).getValue()).isEqualTo(v("o1"));
        assertThat(h.store.compactRevision(OTHER.toByteArray())).isZero();
        assertThat(h.store.events(OTHER.toByteArray(), new byte[0], 0, 100)).hasSize(2);
    }

    @Test
    void revlogBelowTheCompactionIsPurged() {
        h.compact(5);
        List<Event> events = h.store.events(k("a").toByteArray(), k("z").toByteArray(), 0, 100);
        assertThat(events).extracting(e -> e.getKv().getModRevision()).containsExactly(5L, 6L);
    }

    @Test
    void compactionAboveTheCurrentRevisionIsAllowedForGlobalRevisions() {
        h.compact(100);
        assertThat(h.store.compactRevision(k("a").toByteArray())).isEqualTo(100);
        assertThat(error(rangeAt(99)).getCode()).isEqualTo(KvErrorCode.COMPACTED);
        assertThat(rangeAt(100).getRange().getKvsList()).containsExactly(kv("a", "3", 1, 6, 3), kv("c", "1", 5, 5, 1));
        assertThat(rangeAt(0).getRange().getKvsCount()).isEqualTo(2);
    }

    @Test
    void compactedStateSurvivesRestart() {
        h.compact(4);
        h.reopen();
        assertThat(error(rangeAt(3)).getCode()).isEqualTo(KvErrorCode.COMPACTED);
        assertThat(rangeAt(4).getRange().getKvsList()).containsExactly(kv("a", "2", 1, 2, 2));
        assertThat(h.store.compactRevision(k("a").toByteArray())).isEqualTo(4);
    }

    @Test
    void interruptedPhysicalCompactionResumesOnOpen() throws Exception {
        h.store.close();
        byte[] tenant = StoreKeys.tenant(k("a"));
        try (StoreDb db = StoreDb.open(dir.resolve("db"))) {
            db.db.put(db.meta, StoreKeys.metaKey(StoreKeys.COMPACT, tenant), StoreKeys.longBytes(4));
            db.db.put(db.meta, StoreKeys.metaKey(StoreKeys.COMPACTING, tenant), StoreKeys.longBytes(4));
        }
        h.store = MvccStore.open(dir);
        RocksMvccStore rocks = (RocksMvccStore) h.store;
        assertThat(rocks.storedVersions(k("a"))).isEqualTo(2);
        assertThat(rocks.storedVersions(k("b"))).isZero();
        assertThat(rangeAt(4).getRange().getKvsList()).containsExactly(kv("a", "2", 1, 2, 2));
    }
}
