package io.cairn.node;

import static io.cairn.node.ClusterSpec.key;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.cairn.api.etcdserverpb.Compare;
import io.cairn.api.etcdserverpb.PutRequest;
import io.cairn.api.etcdserverpb.RangeRequest;
import io.cairn.api.etcdserverpb.RequestOp;
import io.cairn.api.etcdserverpb.TxnRequest;
import io.cairn.api.meta.ShardDescriptor;
import io.cairn.api.meta.ShardEpoch;
import org.junit.jupiter.api.Test;

class ShardRequestCheckTest {
    private final ShardDescriptor shard = ClusterSpec.create(1, 3, 1000, 60).shardDescriptors().get(1); // tenant 2

    @Test
    void keysOfTheShardsTenantFit() {
        assertThat(ShardRequestCheck.fits(NodeClient.request(2).setPut(put(key(2, "a"))).build(), shard)).isTrue();
        assertThat(ShardRequestCheck.fits(NodeClient.request(2).setRange(RangeRequest.newBuilder()
                .setKey(key(2, "")).setRangeEnd(ClusterSpec.tenantPrefix(3))).build(), shard)).isTrue();
    }

    @Test
    void keysOutsideTheShardDoNotFit() {
        assertThat(ShardRequestCheck.fits(NodeClient.request(2).setPut(put(key(3, "a"))).build(), shard)).isFalse();
        assertThat(ShardRequestCheck.fits(NodeClient.request(2).setPut(put(key(1, "z"))).build(), shard)).isFalse();
        assertThat(ShardRequestCheck.fits(NodeClient.request(2).setRange(RangeRequest.newBuilder()
                .setKey(key(2, "a")).setRangeEnd(key(3, "a"))).build(), shard)).isFalse();
    }

    @Test
    void txnKeysAreCheckedToo() {
        TxnRequest inside = TxnRequest.newBuilder()
                .addCompare(Compare.newBuilder().setKey(key(2, "c")))
                .addSuccess(RequestOp.newBuilder().setRequestPut(put(key(2, "d")))).build();
        TxnRequest outside = inside.toBuilder()
                .addFailure(RequestOp.newBuilder().setRequestPut(put(key(4, "d")))).build();
        assertThat(ShardRequestCheck.fits(NodeClient.request(2).setTxn(inside).build(), shard)).isTrue();
        assertThat(ShardRequestCheck.fits(NodeClient.request(2).setTxn(outside).build(), shard)).isFalse();
    }

    @Test
    void leaseCallsGoToTheTenantsHomeExceptTimeToLiveAndDeleteByLease() {
        io.cairn.api.meta.ShardDescriptor secondHalf = shard.toBuilder().setStartKey(key(2, "m")).build();
        var grant = io.cairn.api.shard.ShardLeaseRequest.newBuilder().setTenant(ClusterSpec.tenantPrefix(2))
                .setGrant(io.cairn.api.etcdserverpb.LeaseGrantRequest.getDefaultInstance());
        var ttl = grant.clone().setTimeToLive(io.cairn.api.etcdserverpb.LeaseTimeToLiveRequest.getDefaultInstance());
        assertThat(ShardRequestCheck.fits(NodeClient.request(2).setLease(grant).build(), shard)).isTrue();
        assertThat(ShardRequestCheck.fits(NodeClient.request(2).setLease(grant).build(), secondHalf)).isFalse();
        assertThat(ShardRequestCheck.fits(NodeClient.request(2).setLease(ttl).build(), secondHalf)).isTrue();
        assertThat(ShardRequestCheck.fits(NodeClient.request(2).setLease(
                ttl.clone().setTenant(ClusterSpec.tenantPrefix(4))).build(), secondHalf)).isFalse();
        assertThat(ShardRequestCheck.fits(NodeClient.request(2).setDeleteByLease(
                io.cairn.api.shard.DeleteByLeaseRequest.newBuilder().setTenant(ClusterSpec.tenantPrefix(2))).build(),
                secondHalf)).isTrue();
    }

    @Test
    void staleEpochVersionDoesNotFit() {
        var request = NodeClient.request(2).setPut(put(key(2, "a")));
        request.getContextBuilder().setEpoch(ShardEpoch.newBuilder().setConfVer(1).setVersion(0));
        assertThat(ShardRequestCheck.fits(request.build(), shard)).isFalse();
    }

    private static PutRequest put(ByteString key) {
        return PutRequest.newBuilder().setKey(key).setValue(ByteString.copyFromUtf8("v")).build();
    }
}
