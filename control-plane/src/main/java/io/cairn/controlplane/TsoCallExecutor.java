package io.cairn.controlplane;

import com.google.common.util.concurrent.MoreExecutors;
import io.cairn.api.placement.PlacementGrpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallExecutorSupplier;
import java.util.concurrent.Executor;

/**
 * Runs AllocateRevisions calls on the gRPC transport thread: the oracle answers from its
 * window under a short lock (a refill is an asynchronous Raft proposal), so the call needs no
 * hand-off to the server's executor, one thread wake-up less on every write batch of every
 * store node. All other calls keep the default executor (they may wait on Raft or the state).
 */
final class TsoCallExecutor implements ServerCallExecutorSupplier {
    private static final String ALLOCATE = PlacementGrpc.getAllocateRevisionsMethod().getFullMethodName();

    @Override
    public <ReqT, RespT> Executor getExecutor(ServerCall<ReqT, RespT> call, Metadata metadata) {
        return ALLOCATE.equals(call.getMethodDescriptor().getFullMethodName()) ? MoreExecutors.directExecutor() : null;
    }
}
