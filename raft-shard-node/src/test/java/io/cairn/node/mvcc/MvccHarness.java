package io.cairn.node.mvcc;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.cairn.api.etcdserverpb.DeleteRangeRequest;
import io.cairn.api.etcdserverpb.DeleteRangeResponse;
import io.cairn.api.etcdserverpb.PutRequest;
import io.cairn.api.etcdserverpb.PutResponse;
import io.cairn.api.etcdserverpb.RangeRequest;
import io.cairn.api.etcdserverpb.RangeResponse;
import io.cairn.api.etcdserverpb.TxnRequest;
import io.cairn.api.etcdserverpb.TxnResponse;
import io.cairn.api.mvccpb.KeyValue;
import io.cairn.api.shard.KvError;
import io.cairn.api.shard.ShardCommand;
import io.cairn.api.shard.ShardCompactRequest;
import io.cairn.api.shard.ShardResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Drives one store as a Raft state machine would: commands with increasing revisions
 * (gaps allowed, as the TSO hands them out) at increasing log indexes.
 */
final class MvccHarness implements AutoCloseable {

    static final long TENANT = 7;

    final Path dir;
    MvccStore store;
    long nextRevision = 1;
    long nextIndex = 1;

    MvccHarness(Path dir) {
        this.dir = dir;
        this.store = MvccStore.open(dir);
    }

    MvccHarness(Path dir, LeaseCheck leases) {
        this.dir = dir;
        this.store = MvccStore.open(dir, leases);
    }

    void reopen() {
        store.close();
        store = MvccStore.open(dir);
    }

    /** The internal key of {@code userKey} for the test tenant. */
    static ByteString k(String userKey) {
        return tenantKey(TENANT, userKey.getBytes(StandardCharsets.UTF_8));
    }

    static ByteString tenantKey(long tenant, byte[] userKey) {
        return ByteString.copyFrom(ByteBuffer.allocate(8 + userKey.length).putLong(tenant).put(userKey).array());
    }

    static ByteString v(String value) {
        return ByteString.copyFromUtf8(value);
    }

    /** The end of the test tenant's key space. */
    static ByteString tenantEnd() {
        return ByteString.copyFrom(ByteBuffer.allocate(8).putLong(TENANT + 1).array());
    }

    static ByteString tenantStart() {
        return ByteString.copyFrom(ByteBuffer.allocate(8).putLong(TENANT).array());
    }

    ShardResponse apply(ShardCommand.Builder command) {
        return store.apply(command.build(), nextIndex++);
    }

    ShardResponse write(ShardCommand.Builder command) {
        return apply(command.setRevision(nextRevision++));
    }

    PutResponse put(String key, String value) {
        return put(PutRequest.newBuilder().setKey(k(key)).setValue(v(value)));
    }

    PutResponse put(PutRequest.Builder put) {
        ShardResponse response = write(ShardCommand.newBuilder().setPut(put));
        assertThat(response.hasPut()).as("put response %s", response).isTrue();
        return response.getPut();
    }

    ShardResponse putRaw(PutRequest.Builder put) {
        return write(ShardCommand.newBuilder().setPut(put));
    }

    DeleteRangeResponse delete(DeleteRangeRequest.Builder delete) {
        ShardResponse response = write(ShardCommand.newBuilder().setDeleteRange(delete));
        assertThat(response.hasDeleteRange()).as("delete response %s", response).isTrue();
        return response.getDeleteRange();
    }

    DeleteRangeResponse delete(String key) {
        return delete(DeleteRangeRequest.newBuilder().setKey(k(key)));
    }

    TxnResponse txn(TxnRequest.Builder txn) {
        ShardResponse response = write(ShardCommand.newBuilder().setTxn(txn));
        assertThat(response.hasTxn()).as("txn response %s", response).isTrue();
        return response.getTxn();
    }

    ShardResponse txnRaw(TxnRequest.Builder txn) {
        return write(ShardCommand.newBuilder().setTxn(txn));
    }

    ShardResponse compact(long revision) {
        return apply(ShardCommand.newBuilder().setCompact(ShardCompactRequest.newBuilder()
                .setRevision(revision).setPhysical(true).setKey(tenantStart()).setRangeEnd(tenantEnd())));
    }

    RangeResponse range(RangeRequest.Builder range) {
        ShardResponse response = store.range(range.build());
        assertThat(response.hasRange()).as("range response %s", response).isTrue();
        return response.getRange();
    }

    RangeResponse get(String key) {
        return range(RangeRequest.newBuilder().setKey(k(key)));
    }

    KeyValue kv(String key) {
        RangeResponse response = get(key);
        return response.getKvsCount() == 0 ? null : response.getKvs(0);
    }

    static KvError error(ShardResponse response) {
        assertThat(response.hasError()).as("error response %s", response).isTrue();
        return response.getError().getKvError();
    }

    static KeyValue kv(String key, String value, long create, long mod, long version) {
        return KeyValue.newBuilder().setKey(k(key)).setValue(v(value))
                .setCreateRevision(create).setModRevision(mod).setVersion(version).build();
    }

    @Override
    public void close() {
        store.close();
    }
}
