package io.cairn.node;

import com.alipay.sofa.jraft.rpc.RpcServer;
import io.cairn.node.mvcc.MvccStore;
import java.nio.file.Path;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What every shard engine of a node shares: the node's identity and configuration, its one
 * JRaft RPC server, its revision allocator, the executor for blocking reads and the current
 * view of the cluster's nodes.
 */
record EngineContext(
        long nodeId,
        StoreNodeConfig config,
        RpcServer raftServer,
        RevisionAllocator revisions,
        Executor reads,
        Supplier<NodeDirectory> directory,
        Function<Path, MvccStore> stores) {
}
