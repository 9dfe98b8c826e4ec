package io.cairn.node.mvcc;

import static io.cairn.node.mvcc.MvccHarness.error;
import static io.cairn.node.mvcc.MvccHarness.k;
import static io.cairn.node.mvcc.MvccHarness.tenantKey;
import static io.cairn.node.mvcc.MvccHarness.tenantStart;
import static io.cairn.node.mvcc.MvccHarness.v;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.cairn.api.etcdserverpb.PutRequest;
import io.cairn.api.etcdserverpb.RequestOp;
import io.cairn.api.etcdserverpb.TxnRequest;
import io.cairn.api.mvccpb.Event;
import io.cairn.api.shard.DeleteByLeaseRequest;
import io.cairn.api.shard.KvErrorCode;
import io.cairn.api.shard.LeaseCheckpoint;
import io.cairn.api.shard.LeaseCheckpointCommand;
import io.cairn.api.shard.LeaseGrantCommand;
import io.cairn.api.shard.LeaseRevokeCommand;
import io.cairn.api.shard.ShardCommand;
import io.cairn.api.shard.ShardResponse;
import io.cairn.api.shard.StoredLease;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The replicated half of leases: rows, attached keys, revoke at one revision, checkpoints. */
class MvccLeaseTest {
    private static final ByteString TENANT = tenantStart();
    private static final ByteString OTHER = ByteString.copyFrom(ByteBuffer.allocate(8).putLong(8).array());

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

    private ShardResponse grant(ByteString tenant, long id, long ttl) {
        return h.apply(ShardCommand.newBuilder().setLeaseGrant(
                LeaseGrantCommand.newBuilder().setTenant(tenant).setId(id).setTtl(ttl)));
    }

    private ShardResponse revoke(ByteString tenant, long id) {
        return h.write(ShardCommand.newBuilder().setLeaseRevoke(
                LeaseRevokeCommand.newBuilder().setTenant(tenant).setId(id)));
    }

    private ShardResponse putWithLease(ByteString key, long lease) {
        return h.putRaw(PutRequest.newBuilder().setKey(key).setValue(v("v")).setLease(lease));
    }

    @Test
    void grantStoresTheLeaseAndAnExistingIdIsRefusedPerTenant() {
        ShardResponse granted = grant(TENANT, 5, 30);
        assertThat(granted.getLeaseGrant().getID()).isEqualTo(5);
        assertThat(granted.getLeaseGrant().getTTL()).isEqualTo(30);
        ShardResponse again = grant(TENANT, 5, 10);
        assertThat(error(again).getCode()).isEqualTo(KvErrorCode.LEASE_EXISTS);
        assertThat(error(again).getMessage()).isEqualTo("etcdserver: lease already exists");
        assertThat(grant(OTHER, 5, 10).hasLeaseGrant()).as("same id, other tenant").isTrue();
        assertThat(h.store.leases(TENANT)).containsExactly(
                StoredLease.newBuilder().setTenant(TENANT).setId(5).setTtl(30).build());
        assertThat(h.store.leases(ByteString.EMPTY)).hasSize(2);
        assertThat(error(grant(TENANT, 6, LeaseCommands.MAX_TTL + 1)).getCode())
                .isEqualTo(KvErrorCode.LEASE_TTL_TOO_LARGE);
    }

    @Test
    void putNeedsALeaseOfItsOwnTenant() {
        grant(OTHER, 5, 30);
        ShardResponse refused = putWithLease(k("a"), 5);
        assertThat(error(refused).getCode()).isEqualTo(KvErrorCode.LEASE_NOT_FOUND);
        assertThat(error(refused).getMessage()).isEqualTo("etcdserver: requested lease not found");
        grant(TENANT, 5, 30);
        assertThat(putWithLease(k("a"), 5).hasPut()).isTrue();
        assertThat(h.store.leaseKeys(TENANT, 5)).containsExactly(k("a"));
        assertThat(h.store.leaseKeys(OTHER, 5)).isEmpty();
    }

    @Test
    void revokeDeletesEveryAttachedKeyAtOneRevision() {
        grant(TENANT, 5, 30);
        grant(TENANT, 6, 30);
        putWithLease(k("a"), 5);
        putWithLease(k("b"), 5);
        putWithLease(k("c"), 5);
        h.put("c", "detached");            // no lease any more
        putWithLease(k("d"), 6);
        h.txn(TxnRequest.newBuilder().addSuccess(RequestOp.newBuilder().setRequestPut(
                PutRequest.newBuilder().setKey(k("e")).setValue(v("t")).setLease(5))));
        assertThat(h.store.leaseKeys(TENANT, 5)).containsExactly(k("a"), k("b"), k("e"));
        long before = h.store.currentRevision();

        ShardResponse revoked = revoke(TENANT, 5);

        long revision = revoked.getLeaseRevoke().getHeader().getRevision();
        assertThat(revision).isGreaterThan(before);
        List<Event> events = h.store.events(k("").toByteArray(), MvccHarness.tenantEnd().toByteArray(), before + 1, revision);
        assertThat(events).extracting(e -> e.getKv().getKey()).containsExactly(k("a"), k("b"), k("e"));
        assertThat(events).allMatch(e -> e.getType() == Event.EventType.DELETE && e.getKv().getModRevision() == revision);
        assertThat(h.kv("a")).isNull();
        assertThat(h.kv("c").getValue()).isEqualTo(v("detached"));
        assertThat(h.kv("d")).isNotNull();
        assertThat(h.store.lease(TENANT, 5)).isEmpty();
        assertThat(h.store.leaseKeys(TENANT, 5)).isEmpty();
        assertThat(error(revoke(TENANT, 5)).getCode()).isEqualTo(KvErrorCode.LEASE_NOT_FOUND);
        assertThat(error(putWithLease(k("a"), 5)).getCode()).isEqualTo(KvErrorCode.LEASE_NOT_FOUND);
    }

    @Test
    void deletedKeyLeavesTheLeaseIndex() {
        grant(TENANT, 5, 30);
        putWithLease(k("a"), 5);
        h.delete("a");
        assertThat(h.store.leaseKeys(TENANT, 5)).isEmpty();
    }

    @Test
    void checkpointPersistsTheRemainingTtlAcrossReopen() {
        grant(TENANT, 5, 60);
        h.apply(ShardCommand.newBuilder().setLeaseCheckpoint(LeaseCheckpointCommand.newBuilder()
                .addCheckpoints(LeaseCheckpoint.newBuilder().setTenant(TENANT).setId(5).setRemainingTtl(17))
                .addCheckpoints(LeaseCheckpoint.newBuilder().setTenant(TENANT).setId(99).setRemainingTtl(3))));
        h.reopen();
        assertThat(h.store.lease(TENANT, 5).orElseThrow().getRemainingTtl()).isEqualTo(17);
        assertThat(h.store.lease(TENANT, 99)).as("a checkpoint never creates a lease").isEmpty();
    }

    @Test
    void checkedLeasesAreTrustedOnOtherShardsAndDeletedByLease() {
        ShardResponse put = h.write(ShardCommand.newBuilder().setLeasesChecked(true).setPut(
                PutRequest.newBuilder().setKey(k("x")).setValue(v("1")).setLease(77)));
        assertThat(put.hasPut()).isTrue();
        h.put("y", "no lease");
        ShardResponse deleted = h.write(ShardCommand.newBuilder().setDeleteByLease(
                DeleteByLeaseRequest.newBuilder().setTenant(TENANT).setId(77)));
        assertThat(deleted.getDeleteRange().getDeleted()).isEqualTo(1);
        assertThat(h.kv("x")).isNull();
        assertThat(h.kv("y")).isNotNull();
        ShardResponse again = h.write(ShardCommand.newBuilder().setDeleteByLease(
                DeleteByLeaseRequest.newBuilder().setTenant(TENANT).setId(77)));
        assertThat(again.getDeleteRange().getDeleted()).as("idempotent").isZero();
    }

    @Test
    void otherTenantsKeysWithTheSameLeaseIdAreNotRevoked() {
        grant(TENANT, 5, 30);
        grant(OTHER, 5, 30);
        ByteString otherKey = tenantKey(8, "a".getBytes());
        putWithLease(k("a"), 5);
        putWithLease(otherKey, 5);
        revoke(TENANT, 5);
        assertThat(h.kv("a")).isNull();
        assertThat(h.store.leaseKeys(OTHER, 5)).containsExactly(otherKey);
    }

    /** The race of docs/leases.md: a put checked on the home before a revoke whose fan-out got here first. */
    @Test
    void aPutCheckedOnTheHomeBeforeARevokeIsRefusedOnceTheRevokeReachedThisShard() {
        long checkedAt = h.store.currentRevision();
        long revokedAt = checkedAt + 7;
        h.write(ShardCommand.newBuilder().setDeleteByLease(
                DeleteByLeaseRequest.newBuilder().setTenant(TENANT).setId(77).setRevokeRevision(revokedAt)));
        ShardResponse late = h.write(ShardCommand.newBuilder().setLeasesChecked(true).setLeasesCheckedRevision(checkedAt)
                .setPut(PutRequest.newBuilder().setKey(k("x")).setValue(v("1")).setLease(77)));
        assertThat(error(late).getCode()).isEqualTo(KvErrorCode.LEASE_NOT_FOUND);
        assertThat(error(late).getMessage()).isEqualTo("etcdserver: requested lease not found");
        assertThat(h.kv("x")).as("no key attached to the dead lease").isNull();
        assertThat(h.store.leaseKeys(TENANT, 77)).isEmpty();
        ShardResponse lateTxn = h.write(ShardCommand.newBuilder().setLeasesChecked(true)
                .setLeasesCheckedRevision(checkedAt).setTxn(TxnRequest.newBuilder().addSuccess(RequestOp.newBuilder()
                        .setRequestPut(PutRequest.newBuilder().setKey(k("t")).setValue(v("1")).setLease(77)))));
        assertThat(error(lateTxn).getCode()).isEqualTo(KvErrorCode.LEASE_NOT_FOUND);
        assertThat(h.kv("t")).isNull();

        // An older revoke arriving late never lowers what this shard remembers.
        h.write(ShardCommand.newBuilder().setDeleteByLease(
                DeleteByLeaseRequest.newBuilder().setTenant(TENANT).setId(77).setRevokeRevision(checkedAt + 1)));
        assertThat(error(h.write(ShardCommand.newBuilder().setLeasesChecked(true).setLeasesCheckedRevision(checkedAt + 3)
                .setPut(PutRequest.newBuilder().setKey(k("x")).setValue(v("1")).setLease(77)))).getCode())
                .isEqualTo(KvErrorCode.LEASE_NOT_FOUND);

        // The id granted again after the revoke: checked at or above the revoke's revision, attached.
        ShardResponse regranted = h.write(ShardCommand.newBuilder().setLeasesChecked(true)
                .setLeasesCheckedRevision(revokedAt)
                .setPut(PutRequest.newBuilder().setKey(k("x")).setValue(v("2")).setLease(77)));
        assertThat(regranted.hasPut()).as("answer %s", regranted).isTrue();
        assertThat(h.store.leaseKeys(TENANT, 77)).containsExactly(k("x"));
        // Another tenant's lease with the same id is not affected.
        ByteString otherKey = tenantKey(8, "o".getBytes());
        assertThat(h.write(ShardCommand.newBuilder().setLeasesChecked(true).setLeasesCheckedRevision(checkedAt)
                .setPut(PutRequest.newBuilder().setKey(otherKey).setValue(v("1")).setLease(77))).hasPut()).isTrue();
        h.reopen();
        assertThat(error(h.write(ShardCommand.newBuilder().setLeasesChecked(true).setLeasesCheckedRevision(checkedAt)
                .setPut(PutRequest.newBuilder().setKey(k("y")).setValue(v("1")).setLease(77)))).getCode())
                .as("remembered across a restart").isEqualTo(KvErrorCode.LEASE_NOT_FOUND);
    }

    @Test
    void aRevokeTakesItsRevisionEvenWithoutKeysOnTheShard() {
        grant(TENANT, 5, 30);
        long before = h.store.currentRevision();
        ShardResponse revoked = revoke(TENANT, 5);
        long revision = revoked.getLeaseRevoke().getHeader().getRevision();
        assertThat(revision).isGreaterThan(before);
        assertThat(h.store.currentRevision()).isEqualTo(revision);
    }
}
