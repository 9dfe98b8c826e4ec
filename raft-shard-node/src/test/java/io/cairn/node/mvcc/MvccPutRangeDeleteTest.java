package io.cairn.node.mvcc;

import static io.cairn.node.mvcc.MvccHarness.error;
import static io.cairn.node.mvcc.MvccHarness.k;
import static io.cairn.node.mvcc.MvccHarness.kv;
import static io.cairn.node.mvcc.MvccHarness.v;
import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.api.etcdserverpb.DeleteRangeRequest;
import io.cairn.api.etcdserverpb.DeleteRangeResponse;
import io.cairn.api.etcdserverpb.PutRequest;
import io.cairn.api.etcdserverpb.PutResponse;
import io.cairn.api.mvccpb.KeyValue;
import io.cairn.api.shard.KvErrorCode;
import io.cairn.api.shard.ShardResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MvccPutRangeDeleteTest {

    @TempDir
    Path dir;
    MvccHarness h;

    @BeforeEach
    void open() {
        h = new MvccHarness(dir);
    }

    @AfterEach
    void close() {
        h.close();
    }

    @Test
    void versionsAcrossPutDeletePut() {
        assertThat(h.put("a", "1").getHeader().getRevision()).isEqualTo(1);
        assertThat(h.kv("a")).isEqualTo(kv("a", "1", 1, 1, 1));
        h.put("a", "2");
        assertThat(h.kv("a")).isEqualTo(kv("a", "2", 1, 2, 2));
        DeleteRangeResponse deleted = h.delete("a");
        assertThat(deleted.getDeleted()).isEqualTo(1);
        assertThat(deleted.getHeader().getRevision()).isEqualTo(3);
        assertThat(h.kv("a")).isNull();
        h.put("a", "3");
        assertThat(h.kv("a")).isEqualTo(kv("a", "3", 4, 4, 1));
        assertThat(h.store.currentRevision()).isEqualTo(4);
        assertThat(h.get("a").getHeader().getRevision()).isEqualTo(4);
    }

    @Test
    void putReturnsPrevKvOnlyWhenAskedAndPresent() {
        PutResponse first = h.put(PutRequest.newBuilder().setKey(k("a")).setValue(v("1")).setPrevKv(true));
        assertThat(first.hasPrevKv()).isFalse();
        PutResponse second = h.put(PutRequest.newBuilder().setKey(k("a")).setValue(v("2")).setPrevKv(true));
        assertThat(second.getPrevKv()).isEqualTo(kv("a", "1", 1, 1, 1));
        assertThat(second.getHeader().getRevision()).isEqualTo(2);
        PutResponse third = h.put(PutRequest.newBuilder().setKey(k("a")).setValue(v("3")));
        assertThat(third.hasPrevKv()).isFalse();
    }

    @Test
    void ignoreValueAndIgnoreLease() {
        ShardResponse missing = h.putRaw(PutRequest.newBuilder().setKey(k("a")).setIgnoreValue(true));
        assertThat(error(missing).getCode()).isEqualTo(KvErrorCode.KEY_NOT_FOUND);
        ShardResponse missingLease = h.putRaw(PutRequest.newBuilder().setKey(k("a")).setIgnoreLease(true));
        assertThat(error(missingLease).getCode()).isEqualTo(KvErrorCode.KEY_NOT_FOUND);
        assertThat(h.store.currentRevision()).isZero();

        long created = h.nextRevision;
        h.put("a", "keep");
        ShardResponse provided = h.putRaw(
                PutRequest.newBuilder().setKey(k("a")).setValue(v("x")).setIgnoreValue(true));
        assertThat(error(provided).getCode()).isEqualTo(KvErrorCode.VALUE_PROVIDED);
        ShardResponse leaseProvided = h.putRaw(
                PutRequest.newBuilder().setKey(k("a")).setLease(5).setIgnoreLease(true));
        assertThat(error(leaseProvided).getCode()).isEqualTo(KvErrorCode.LEASE_PROVIDED);

        long revision = h.nextRevision;
        h.put(PutRequest.newBuilder().setKey(k("a")).setIgnoreValue(true));
        assertThat(h.kv("a")).isEqualTo(kv("a", "keep", created, revision, 2));
        h.put(PutRequest.newBuilder().setKey(k("a")).setValue(v("new")).setIgnoreLease(true));
        assertThat(h.kv("a").getValue()).isEqualTo(v("new"));
        assertThat(h.kv("a").getVersion()).isEqualTo(3);
    }

    @Test
    void leaseIsCheckedByTheHookAndStored() {
        ShardResponse unknown = h.putRaw(PutRequest.newBuilder().setKey(k("a")).setValue(v("1")).setLease(42));
        assertThat(error(unknown).getCode()).isEqualTo(KvErrorCode.LEASE_NOT_FOUND);
        assertThat(error(unknown).getMessage()).isEqualTo("etcdserver: requested lease not found");
        h.close();
        h = new MvccHarness(dir, lease -> lease == 42);
        h.nextRevision = 10;
        h.nextIndex = 10;
        h.put(PutRequest.newBuilder().setKey(k("a")).setValue(v("1")).setLease(42));
        assertThat(h.kv("a").getLease()).isEqualTo(42);
        h.put(PutRequest.newBuilder().setKey(k("a")).setValue(v("2")).setIgnoreLease(true));
        assertThat(h.kv("a").getLease()).isEqualTo(42);
        h.put("a", "3");
        assertThat(h.kv("a").getLease()).isZero();
    }

    @Test
    void emptyKeyIsRejected() {
        ShardResponse response = h.putRaw(PutRequest.newBuilder().setValue(v("1")));
        assertThat(error(response).getCode()).isEqualTo(KvErrorCode.EMPTY_KEY);
    }

    @Test
    void deleteRangeCountsAndReturnsPrevKvs() {
        h.put("a", "1");
        h.put("b", "2");
        h.put("c", "3");
        DeleteRangeResponse response = h.delete(
                DeleteRangeRequest.newBuilder().setKey(k("a")).setRangeEnd(k("c")).setPrevKv(true));
        assertThat(response.getDeleted()).isEqualTo(2);
        assertThat(response.getPrevKvsList()).containsExactly(kv("a", "1", 1, 1, 1), kv("b", "2", 2, 2, 1));
        assertThat(response.getHeader().getRevision()).isEqualTo(4);
        assertThat(h.kv("c")).isNotNull();
        DeleteRangeResponse noPrev = h.delete(DeleteRangeRequest.newBuilder().setKey(k("c")));
        assertThat(noPrev.getPrevKvsList()).isEmpty();
        assertThat(noPrev.getDeleted()).isEqualTo(1);
    }

    @Test
    void deletingNothingConsumesNoRevisionAndWritesNoEvent() {
        h.put("a", "1");
        h.nextRevision = 10;
        DeleteRangeResponse response = h.delete("zzz");
        assertThat(response.getDeleted()).isZero();
        assertThat(response.getHeader().getRevision()).isEqualTo(1);
        assertThat(h.store.currentRevision()).isEqualTo(1);
        assertThat(h.store.events(k("").toByteArray(), MvccHarness.tenantEnd().toByteArray(), 0, 100))
                .hasSize(1);
        h.put("b", "2");
        assertThat(h.kv("b")).isEqualTo(kv("b", "2", 11, 11, 1));
    }

    @Test
    void staleRevisionIsRejectedButIndexAdvances() {
        h.put("a", "1");
        h.nextRevision = 1;
        long index = h.nextIndex;
        ShardResponse stale = h.putRaw(PutRequest.newBuilder().setKey(k("a")).setValue(v("2")));
        assertThat(error(stale).getCode()).isEqualTo(KvErrorCode.INTERNAL);
        assertThat(error(stale).getMessage()).isEqualTo("stale revision");
        assertThat(h.store.appliedIndex()).isEqualTo(index);
        assertThat(h.kv("a").getValue()).isEqualTo(v("1"));
        assertThat(h.store.currentRevision()).isEqualTo(1);
    }

    @Test
    void entriesAtOrBelowAppliedIndexAreSkipped() {
        h.put("a", "1");
        h.nextIndex = 1;
        assertThat(h.putRaw(PutRequest.newBuilder().setKey(k("a")).setValue(v("2")))).isNull();
        assertThat(h.kv("a").getValue()).isEqualTo(v("1"));
        h.store.markApplied(5);
        assertThat(h.store.appliedIndex()).isEqualTo(5);
    }

    @Test
    void eventsCarryTypeKvAndPrevKv() {
        h.put("a", "1");
        h.put("a", "2");
        h.delete("a");
        var events = h.store.events(k("a").toByteArray(), new byte[0], 1, 3);
        assertThat(events).hasSize(3);
        assertThat(events.get(0).getKv()).isEqualTo(kv("a", "1", 1, 1, 1));
        assertThat(events.get(0).hasPrevKv()).isFalse();
        assertThat(events.get(1).getPrevKv()).isEqualTo(kv("a", "1", 1, 1, 1));
        assertThat(events.get(2).getType().name()).isEqualTo("DELETE");
        assertThat(events.get(2).getKv()).isEqualTo(KeyValue.newBuilder().setKey(k("a")).setModRevision(3).build());
        assertThat(h.store.events(k("a").toByteArray(), new byte[0], 2, 2)).hasSize(1);
    }

    @Test
    void eventsAcrossTenantsComeInRevisionOrder() {
        var other = MvccHarness.tenantKey(MvccHarness.TENANT + 1, "a".getBytes());
        var third = MvccHarness.tenantKey(MvccHarness.TENANT + 2, "a".getBytes());
        h.put("a", "1");
        h.put(PutRequest.newBuilder().setKey(other).setValue(v("o")));
        h.put("b", "2");
        h.put(PutRequest.newBuilder().setKey(third).setValue(v("t")));
        var events = h.store.events(k("a").toByteArray(), third.toByteArray(), 0, 10);
        assertThat(events).extracting(e -> e.getKv().getKey()).containsExactly(k("a"), other, k("b"));
        assertThat(h.store.events(k("b").toByteArray(), new byte[0], 0, 10)).hasSize(1);
        assertThat(h.store.events(k("a").toByteArray(), new byte[] {0}, 2, 4)).hasSize(3);
    }
}
