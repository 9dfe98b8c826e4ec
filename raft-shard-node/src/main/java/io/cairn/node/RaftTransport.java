package io.cairn.node;

import com.alipay.sofa.jraft.rpc.RpcServer;
import com.alipay.sofa.jraft.storage.impl.RocksDBLogStorage;
import com.alipay.sofa.jraft.util.StorageOptionsFactory;
import io.cairn.controlplane.raft.RaftRpcServers;
import java.util.concurrent.atomic.AtomicBoolean;
import org.rocksdb.ColumnFamilyOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's one JRaft RPC server, shared by every shard group it hosts, and the
 * process-wide JRaft settings that keep many groups per process cheap.
 */
final class RaftTransport implements AutoCloseable {
    private static final long LOG_WRITE_BUFFER_BYTES = 4L << 20;
    private static final AtomicBoolean LOG_OPTIONS_REGISTERED = new AtomicBoolean();

    private static final Logger log = LoggerFactory.getLogger(RaftTransport.class);

    private final RpcServer server;

    private RaftTransport(RpcServer server) {
        this.server = server;
    }

    static RaftTransport start(String host, int port) {
        registerSmallLogOptions();
        RpcServer server = RaftRpcServers.bound(host, port);
        if (!server.init(null)) {
            throw new IllegalStateException("cannot start the JRaft RPC server on " + host + ":" + port);
        }
        return new RaftTransport(server);
    }

    /**
     * Each group keeps its Raft log in its own RocksDB; with default options every one
     * preallocates ~145 MB of WAL. Small write buffers keep a group at a few MB. The table
     * is JVM-wide: when a control-plane replica in this JVM registered first, its (equally
     * small) options are kept.
     */
    private static void registerSmallLogOptions() {
        if (LOG_OPTIONS_REGISTERED.compareAndSet(false, true)) {
            ColumnFamilyOptions options = StorageOptionsFactory.getDefaultRocksDBColumnFamilyOptions()
                    .setWriteBufferSize(LOG_WRITE_BUFFER_BYTES)
                    .setMaxWriteBufferNumber(2);
            try {
                StorageOptionsFactory.registerRocksDBColumnFamilyOptions(RocksDBLogStorage.class, options);
            } catch (IllegalStateException alreadyRegistered) {
                options.close();
                log.debug("RocksDB log options already registered in this JVM: {}", alreadyRegistered.getMessage());
            }
        }
    }

    RpcServer server() {
        return server;
    }

    @Override
    public void close() {
        server.shutdown();
    }
}
