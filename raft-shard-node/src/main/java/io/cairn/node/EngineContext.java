package io.cairn.node;

import com.alipay.sofa.jraft.rpc.RpcServer;
import io.cairn.node.lease.LeaseContext;
import io.cairn.node.mvcc.MvccStore;
import java.nio.file.Path;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What every shard engine of a node shares: the node's identity and configuration, its one
 * JRaft RPC server, its revision allocator, the executor for blocking reads, the current
 * view of the cluster's nodes, the timers of lease expiry and the fan-out of lease revokes.
 */
record EngineContext(
        long nodeId,
        StoreNodeConfig config,
        RpcServer raftServer,
        RevisionAllocator revisions,
        Executor reads,
        Supplier<NodeDirectory> directory,
        Function<Path, MvccStore> stores,
        ScheduledExecutorService timers,
        LeaseContext.LeaseFanOut leaseFanOut) {
}
