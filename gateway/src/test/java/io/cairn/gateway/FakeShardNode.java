package io.cairn.gateway;

import com.google.protobuf.ByteString;
import io.cairn.api.etcdserverpb.Compare;
import io.cairn.api.etcdserverpb.RequestOp;
import io.cairn.api.etcdserverpb.TxnRequest;
import io.cairn.api.meta.ShardDescriptor;
import io.cairn.api.shard.EpochNotMatch;
import io.cairn.api.shard.KvError;
import io.cairn.api.shard.NodeStatusRequest;
import io.cairn.api.shard.NodeStatusResponse;
import io.cairn.api.shard.NotLeader;
import io.cairn.api.shard.ShardError;
import io.cairn.api.shard.ShardKvGrpc;
import io.cairn.api.shard.ShardNotFound;
import io.cairn.api.shard.ShardRequest;
import io.cairn.api.shard.ShardResponse;
import io.cairn.testkit.FreePorts;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A store node speaking {@code ShardKv} over real gRPC, backed by {@link FakeKvStore}. It
 * checks shard, leader and epoch against {@link FakeCluster}'s truth, answers scripted
 * errors first, and records every request and every key that is not inside exactly one
 * tenant's space and the shard's range.
 */
final class FakeShardNode implements AutoCloseable {
    final long nodeId;
    final String address;
    final Queue<ShardError> scripted = new ConcurrentLinkedQueue<>();
    final List<ShardRequest> received = new CopyOnWriteArrayList<>();
    private final FakeCluster cluster;
    private final Server server;

    FakeShardNode(long nodeId, FakeCluster cluster) {
        this.nodeId = nodeId;
        this.cluster = cluster;
        int port = FreePorts.next();
        this.address = "127.0.0.1:" + port;
        this.server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port))
                .addService(new Service())
                .build();
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private final class Service extends ShardKvGrpc.ShardKvImplBase {
        @Override
        public void execute(ShardRequest request, StreamObserver<ShardResponse> observer) {
            received.add(request);
            observer.onNext(answer(request));
            observer.onCompleted();
        }

        @Override
        public void nodeStatus(NodeStatusRequest request, StreamObserver<NodeStatusResponse> observer) {
            observer.onNext(NodeStatusResponse.newBuilder().setNodeId(nodeId).setDbSizeBytes(1000 * nodeId).build());
            observer.onCompleted();
        }
    }

    private ShardResponse answer(ShardRequest request) {
        ShardError scriptedError = scripted.poll();
        if (scriptedError != null) {
            return ShardResponse.newBuilder().setError(scriptedError).build();
        }
        long shardId = request.getContext().getShardId();
        ShardDescriptor shard = cluster.shard(shardId);
        if (shard == null || shard.getReplicasList().stream().noneMatch(r -> r.getNodeId() == nodeId)) {
            return error(ShardError.newBuilder().setShardNotFound(ShardNotFound.newBuilder().setShardId(shardId)));
        }
        long leader = cluster.leaderOf(shardId);
        if (leader != nodeId) {
            return error(ShardError.newBuilder().setNotLeader(NotLeader.newBuilder().setShardId(shardId)
                    .setLeaderNodeId(leader).setLeaderRpcAddress(cluster.node(leader).address)));
        }
        if (!shard.getEpoch().equals(request.getContext().getEpoch())) {
            return error(ShardError.newBuilder().setEpochNotMatch(EpochNotMatch.newBuilder().addCurrentShards(shard)));
        }
        checkKeys(request, shard);
        FakeKvStore store = cluster.store();
        try {
            return switch (request.getOpCase()) {
                case RANGE -> ShardResponse.newBuilder().setRange(store.range(request.getRange())).build();
                case PUT -> ShardResponse.newBuilder().setPut(store.put(request.getPut())).build();
                case DELETE_RANGE -> ShardResponse.newBuilder()
                        .setDeleteRange(store.deleteRange(request.getDeleteRange())).build();
                case TXN -> ShardResponse.newBuilder().setTxn(store.txn(request.getTxn())).build();
                case COMPACT -> ShardResponse.newBuilder().setCompact(io.cairn.api.etcdserverpb.CompactionResponse
                        .newBuilder().setHeader(io.cairn.api.etcdserverpb.ResponseHeader.newBuilder()
                                .setRevision(cluster.placement().currentRevision()))).build();
                case LEASE, DELETE_BY_LEASE -> error(ShardError.newBuilder().setKvError(KvError.newBuilder()
                        .setCode(io.cairn.api.shard.KvErrorCode.INVALID_ARGUMENT).setMessage("the fake node serves no leases")));
                case OP_NOT_SET -> error(ShardError.newBuilder().setKvError(KvError.newBuilder()
                        .setCode(io.cairn.api.shard.KvErrorCode.INVALID_ARGUMENT).setMessage("no op")));
            };
        } catch (FakeKvStore.FakeKvError e) {
            return error(ShardError.newBuilder().setKvError(KvError.newBuilder().setCode(e.code)));
        }
    }

    private void checkKeys(ShardRequest request, ShardDescriptor shard) {
        List<ByteString[]> spans = new ArrayList<>();
        switch (request.getOpCase()) {
            case RANGE -> spans.add(new ByteString[] {request.getRange().getKey(), request.getRange().getRangeEnd()});
            case PUT -> spans.add(new ByteString[] {request.getPut().getKey(), ByteString.EMPTY});
            case DELETE_RANGE -> spans.add(new ByteString[] {
                request.getDeleteRange().getKey(), request.getDeleteRange().getRangeEnd()});
            case TXN -> collect(request.getTxn(), spans);
            case COMPACT -> spans.add(new ByteString[] {request.getCompact().getKey(), request.getCompact().getRangeEnd()});
            case LEASE, DELETE_BY_LEASE, OP_NOT_SET -> { }
        }
        cluster.checkOneTenant(spans, shard, request.getOpCase() == ShardRequest.OpCase.COMPACT);
    }

    private static void collect(TxnRequest txn, List<ByteString[]> spans) {
        for (Compare c : txn.getCompareList()) {
            spans.add(new ByteString[] {c.getKey(), c.getRangeEnd()});
        }
        for (List<RequestOp> ops : List.of(txn.getSuccessList(), txn.getFailureList())) {
            for (RequestOp op : ops) {
                switch (op.getRequestCase()) {
                    case REQUEST_RANGE -> spans.add(new ByteString[] {
                        op.getRequestRange().getKey(), op.getRequestRange().getRangeEnd()});
                    case REQUEST_PUT -> spans.add(new ByteString[] {op.getRequestPut().getKey(), ByteString.EMPTY});
                    case REQUEST_DELETE_RANGE -> spans.add(new ByteString[] {
                        op.getRequestDeleteRange().getKey(), op.getRequestDeleteRange().getRangeEnd()});
                    case REQUEST_TXN -> collect(op.getRequestTxn(), spans);
                    case REQUEST_NOT_SET -> { }
                }
            }
        }
    }

    private static ShardResponse error(ShardError.Builder error) {
        return ShardResponse.newBuilder().setError(error).build();
    }

    @Override
    public void close() throws InterruptedException {
        server.shutdownNow();
        server.awaitTermination(5, TimeUnit.SECONDS);
    }
}
