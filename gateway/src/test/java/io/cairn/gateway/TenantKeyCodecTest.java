package io.cairn.gateway;

import static io.cairn.gateway.GatewayFixture.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.cairn.api.etcdserverpb.Compare;
import io.cairn.api.etcdserverpb.DeleteRangeRequest;
import io.cairn.api.etcdserverpb.PutRequest;
import io.cairn.api.etcdserverpb.RangeRequest;
import io.cairn.api.etcdserverpb.RangeResponse;
import io.cairn.api.etcdserverpb.RequestOp;
import io.cairn.api.etcdserverpb.TxnRequest;
import io.cairn.api.mvccpb.KeyValue;
import org.junit.jupiter.api.Test;

class TenantKeyCodecTest {
    private static final ByteString ZERO = ByteString.copyFrom(new byte[] {0});
    private final TenantKeyCodec codec = new TenantKeyCodec(0x0102);

    private static ByteString hex(String hex) {
        return ByteString.fromHex(hex);
    }

    @Test
    void keyIsEightByteBigEndianTenantThenUserKey() {
        assertThat(codec.key(bytes("a"))).isEqualTo(hex("000000000000010261"));
        assertThat(codec.start()).isEqualTo(hex("0000000000000102"));
        assertThat(codec.end()).isEqualTo(hex("0000000000000103"));
    }

    @Test
    void rangeEnds() {
        assertThat(codec.rangeEnd(ByteString.EMPTY)).isEmpty();
        assertThat(codec.rangeEnd(ZERO)).isEqualTo(codec.end());
        assertThat(codec.rangeEnd(bytes("b"))).isEqualTo(hex("000000000000010262"));
        // a prefix end of all-0xFF keys, computed by the client, stays inside the tenant
        assertThat(codec.rangeEnd(hex("ffff00"))).isEqualTo(hex("0000000000000102ffff00"));
        var order = ByteString.unsignedLexicographicalComparator();
        assertThat(order.compare(codec.rangeEnd(hex("ffffff")), codec.end())).isNegative();
        // an end before the key stays before it: still an empty range
        RangeRequest backwards = codec.encode(RangeRequest.newBuilder().setKey(bytes("m")).setRangeEnd(bytes("c")).build());
        assertThat(order.compare(backwards.getRangeEnd(), backwards.getKey())).isNegative();
    }

    @Test
    void txnComparesAndNestedOpsAreEncoded() {
        TxnRequest txn = TxnRequest.newBuilder()
                .addCompare(Compare.newBuilder().setKey(bytes("c")).setRangeEnd(ZERO))
                .addSuccess(RequestOp.newBuilder().setRequestTxn(TxnRequest.newBuilder()
                        .addFailure(RequestOp.newBuilder().setRequestDeleteRange(DeleteRangeRequest.newBuilder()
                                .setKey(bytes("d")).setRangeEnd(bytes("e"))))))
                .addFailure(RequestOp.newBuilder().setRequestPut(PutRequest.newBuilder().setKey(bytes("p"))))
                .build();
        TxnRequest encoded = codec.encode(txn);
        assertThat(encoded.getCompare(0).getKey()).isEqualTo(codec.key(bytes("c")));
        assertThat(encoded.getCompare(0).getRangeEnd()).isEqualTo(codec.end());
        DeleteRangeRequest nested = encoded.getSuccess(0).getRequestTxn().getFailure(0).getRequestDeleteRange();
        assertThat(nested.getKey()).isEqualTo(codec.key(bytes("d")));
        assertThat(nested.getRangeEnd()).isEqualTo(codec.key(bytes("e")));
        assertThat(encoded.getFailure(0).getRequestPut().getKey()).isEqualTo(codec.key(bytes("p")));
    }

    @Test
    void returnedKeysAreStrippedAndForeignKeysNeverLeak() {
        RangeResponse response = RangeResponse.newBuilder()
                .addKvs(KeyValue.newBuilder().setKey(codec.key(bytes("x")))).build();
        assertThat(codec.decode(response).getKvs(0).getKey()).isEqualTo(bytes("x"));
        RangeResponse foreign = RangeResponse.newBuilder()
                .addKvs(KeyValue.newBuilder().setKey(new TenantKeyCodec(7).key(bytes("x")))).build();
        assertThatThrownBy(() -> codec.decode(foreign)).isInstanceOf(GatewayException.class);
    }

    @Test
    void reservedTenantIdsAreRejected() {
        assertThatThrownBy(() -> new TenantKeyCodec(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TenantKeyCodec(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
