package io.cairn.gateway;

import static io.cairn.gateway.GatewayFixture.bytes;
import static io.cairn.gateway.GatewayFixture.internal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.cairn.api.etcdserverpb.CompactionRequest;
import io.cairn.api.etcdserverpb.Compare;
import io.cairn.api.etcdserverpb.DeleteRangeRequest;
import io.cairn.api.etcdserverpb.PutRequest;
import io.cairn.api.etcdserverpb.RangeRequest;
import io.cairn.api.etcdserverpb.RangeResponse;
import io.cairn.api.etcdserverpb.RequestOp;
import io.cairn.api.etcdserverpb.TxnRequest;
import io.cairn.api.mvccpb.KeyValue;
import io.cairn.api.shard.ShardRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Tenant alpha spans three shards, split at "/h" and "/p"; each shard led by another node. */
class CrossShardTest {
    private static final ByteString ZERO = ByteString.copyFrom(new byte[] {0});
    private static final List<String> LETTERS = "abcdefghijklmnopqrstuvwxyz".chars()
            .mapToObj(c -> "/" + (char) c).toList();
    private static GatewayFixture fx;
    private static List<String> putOrder;

    @BeforeAll
    static void start() {
        fx = new GatewayFixture(false, 3);
        fx.cluster.layout(internal(fx.alphaId, "/h"), internal(fx.alphaId, "/p"));
        putOrder = new ArrayList<>(LETTERS);
        Collections.shuffle(putOrder, new Random(7));
        for (String key : putOrder) {
            fx.put(fx.alphaKey, key, "v" + (char) ('z' - (key.charAt(1) - 'a')));
        }
    }

    @AfterAll
    static void stop() throws InterruptedException {
        fx.close();
    }

    @AfterEach
    void noViolations() {
        assertThat(fx.cluster.violations).isEmpty();
    }

    private static RangeResponse range(RangeRequest.Builder request) {
        return fx.kv(fx.alphaKey).range(request.setKey(bytes("/")).setRangeEnd(bytes("0")).build());
    }

    private static List<String> keys(RangeResponse response) {
        return response.getKvsList().stream().map(kv -> kv.getKey().toStringUtf8()).toList();
    }

    private static List<ShardRequest> rangesSince(int[] marks) {
        List<ShardRequest> seen = new ArrayList<>();
        for (int n = 1; n <= 3; n++) {
            var received = fx.cluster.node(n).received;
            seen.addAll(received.subList(marks[n - 1], received.size()).stream().filter(ShardRequest::hasRange).toList());
        }
        return seen;
    }

    private static int[] marks() {
        return new int[] {fx.cluster.node(1).received.size(), fx.cluster.node(2).received.size(),
            fx.cluster.node(3).received.size()};
    }

    @Test
    void rangeAcrossShardsIsMergedAtOneRevision() {
        int[] before = marks();
        RangeResponse all = range(RangeRequest.newBuilder());
        assertThat(keys(all)).isEqualTo(LETTERS);
        assertThat(all.getCount()).isEqualTo(26);
        assertThat(all.getMore()).isFalse();
        List<ShardRequest> sent = rangesSince(before);
        assertThat(sent).hasSize(3);
        assertThat(sent).extracting(r -> r.getRange().getRevision()).containsOnly(all.getHeader().getRevision());
        assertThat(sent).extracting(r -> r.getContext().getShardId()).containsExactlyInAnyOrder(1L, 2L, 3L);
    }

    @Test
    void limitCutsTheMergeAndSetsMore() {
        RangeResponse limited = range(RangeRequest.newBuilder().setLimit(5));
        assertThat(keys(limited)).containsExactly("/a", "/b", "/c", "/d", "/e");
        assertThat(limited.getMore()).isTrue();
        assertThat(limited.getCount()).isEqualTo(26);
    }

    @Test
    void sortOrdersAndTargetsAreMerged() {
        assertThat(keys(range(RangeRequest.newBuilder().setLimit(3)
                .setSortOrder(RangeRequest.SortOrder.DESCEND)))).containsExactly("/z", "/y", "/x");
        assertThat(keys(range(RangeRequest.newBuilder().setLimit(4)
                .setSortTarget(RangeRequest.SortTarget.MOD)))).isEqualTo(putOrder.subList(0, 4));
        assertThat(keys(range(RangeRequest.newBuilder().setLimit(2)
                .setSortTarget(RangeRequest.SortTarget.VALUE).setSortOrder(RangeRequest.SortOrder.ASCEND))))
                .containsExactly("/z", "/y");
        assertThat(keys(range(RangeRequest.newBuilder().setSortTarget(RangeRequest.SortTarget.CREATE)
                .setSortOrder(RangeRequest.SortOrder.DESCEND)))).isEqualTo(reversed(putOrder));
    }

    @Test
    void countOnlyAndKeysOnly() {
        RangeResponse count = range(RangeRequest.newBuilder().setCountOnly(true));
        assertThat(count.getCount()).isEqualTo(26);
        assertThat(count.getKvsList()).isEmpty();
        RangeResponse keysOnly = range(RangeRequest.newBuilder().setKeysOnly(true).setLimit(10));
        assertThat(keysOnly.getKvsList()).hasSize(10).allSatisfy(kv -> assertThat(kv.getValue()).isEmpty());
    }

    @Test
    void explicitRevisionIsUsedOnEveryShard() {
        long revision = fx.cluster.placement().currentRevision();
        int[] before = marks();
        RangeResponse at = range(RangeRequest.newBuilder().setRevision(revision));
        assertThat(at.getHeader().getRevision()).isEqualTo(revision);
        assertThat(rangesSince(before)).extracting(r -> r.getRange().getRevision()).containsOnly(revision);
    }

    @Test
    void txnAcrossShardsIsRefusedAndNothingIsApplied() {
        int requestsBefore = fx.cluster.requestCount();
        TxnRequest txn = TxnRequest.newBuilder()
                .addCompare(Compare.newBuilder().setKey(bytes("/a")).setTarget(Compare.CompareTarget.VERSION)
                        .setResult(Compare.CompareResult.GREATER).setVersion(0))
                .addSuccess(RequestOp.newBuilder().setRequestPut(PutRequest.newBuilder()
                        .setKey(bytes("/a")).setValue(bytes("changed"))))
                .addSuccess(RequestOp.newBuilder().setRequestPut(PutRequest.newBuilder()
                        .setKey(bytes("/z")).setValue(bytes("changed"))))
                .build();
        assertThatThrownBy(() -> fx.kv(fx.alphaKey).txn(txn)).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
            assertThat(e.getStatus().getDescription()).isEqualTo(
                    "cairn: txn spans shards 1 and 3; cross-shard transactions are not supported yet");
        });
        assertThat(fx.cluster.requestCount()).isEqualTo(requestsBefore);
        assertThat(fx.get(fx.alphaKey, "/a")).isEqualTo("vz");
        assertThat(fx.get(fx.alphaKey, "/z")).isEqualTo("va");
    }

    @Test
    void nestedTxnReachingAnotherShardIsRefusedToo() {
        TxnRequest txn = TxnRequest.newBuilder()
                .addSuccess(RequestOp.newBuilder().setRequestPut(PutRequest.newBuilder().setKey(bytes("/b"))))
                .addFailure(RequestOp.newBuilder().setRequestTxn(TxnRequest.newBuilder()
                        .addSuccess(RequestOp.newBuilder().setRequestDeleteRange(DeleteRangeRequest.newBuilder()
                                .setKey(bytes("/i")).setRangeEnd(bytes("/q"))))))
                .build();
        assertThatThrownBy(() -> fx.kv(fx.alphaKey).txn(txn)).isInstanceOfSatisfying(StatusRuntimeException.class,
                e -> assertThat(e.getStatus().getDescription()).startsWith("cairn: txn spans shards 1, 2 and 3;"));
    }

    @Test
    void txnWithinOneShardWorks() {
        TxnRequest txn = TxnRequest.newBuilder()
                .addCompare(Compare.newBuilder().setKey(bytes("/q")).setTarget(Compare.CompareTarget.VALUE)
                        .setResult(Compare.CompareResult.EQUAL).setValue(bytes("vj")))
                .addSuccess(RequestOp.newBuilder().setRequestRange(RangeRequest.newBuilder()
                        .setKey(bytes("/q")).setRangeEnd(bytes("/s"))))
                .build();
        var response = fx.kv(fx.alphaKey).txn(txn);
        assertThat(response.getSucceeded()).isTrue();
        assertThat(response.getResponses(0).getResponseRange().getKvsList()).extracting(KeyValue::getKey)
                .containsExactly(bytes("/q"), bytes("/r"));
    }

    @Test
    void deleteRangeAcrossShardsIsRefusedAndNothingIsDeleted() {
        assertThatThrownBy(() -> fx.kv(fx.alphaKey).deleteRange(DeleteRangeRequest.newBuilder()
                .setKey(ZERO).setRangeEnd(ZERO).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
                    assertThat(e.getStatus().getDescription()).isEqualTo("cairn: delete range spans shards 1, 2 and 3;"
                            + " cross-shard delete ranges are not supported yet");
                });
        assertThat(range(RangeRequest.newBuilder().setCountOnly(true)).getCount()).isEqualTo(26);
    }

    @Test
    void compactionReachesEveryShardOfTheTenant() {
        int[] before = marks();
        fx.kv(fx.alphaKey).compact(CompactionRequest.newBuilder().setRevision(2).build());
        List<ShardRequest> compacts = new ArrayList<>();
        for (int n = 1; n <= 3; n++) {
            var received = fx.cluster.node(n).received;
            compacts.addAll(received.subList(before[n - 1], received.size()).stream()
                    .filter(ShardRequest::hasCompact).toList());
        }
        assertThat(compacts).extracting(r -> r.getContext().getShardId()).containsExactlyInAnyOrder(1L, 2L, 3L);
        assertThat(compacts).allSatisfy(r -> assertThat(r.getCompact().getRevision()).isEqualTo(2));
    }

    @Test
    void compactionBeyondTheCurrentRevisionIsAFutureRevision() {
        long future = fx.cluster.placement().currentRevision() + 1000;
        assertThatThrownBy(() -> fx.kv(fx.alphaKey).compact(CompactionRequest.newBuilder().setRevision(future).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.OUT_OF_RANGE);
                    assertThat(e.getStatus().getDescription())
                            .isEqualTo("etcdserver: mvcc: required revision is a future revision");
                });
    }

    @Test
    void rangeBeyondTheCurrentRevisionIsAFutureRevisionAsInEtcd() {
        long future = fx.cluster.placement().currentRevision() + 1000;
        assertThatThrownBy(() -> fx.kv(fx.alphaKey).range(RangeRequest.newBuilder()
                .setKey(ByteString.copyFromUtf8("a")).setRevision(future).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.OUT_OF_RANGE);
                    assertThat(e.getStatus().getDescription())
                            .isEqualTo("etcdserver: mvcc: required revision is a future revision");
                });
    }

    private static List<String> reversed(List<String> list) {
        List<String> copy = new ArrayList<>(list);
        Collections.reverse(copy);
        return copy;
    }
}
