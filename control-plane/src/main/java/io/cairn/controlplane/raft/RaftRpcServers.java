package io.cairn.controlplane.raft;

import com.alipay.sofa.jraft.rpc.RaftRpcServerFactory;
import com.alipay.sofa.jraft.rpc.RpcServer;
import com.alipay.sofa.jraft.rpc.impl.BoltRpcServer;

/**
 * JRaft RPC servers bound to the host a process was told to listen on. JRaft's own factory
 * binds every interface whatever the endpoint says, which would put a {@code cairn dev} on
 * 127.0.0.1 on the network with its Raft ports.
 */
public final class RaftRpcServers {
    private RaftRpcServers() {
    }

    /** A server for {@code host:port} with JRaft's request processors registered; not yet started. */
    public static RpcServer bound(String host, int port) {
        if (port <= 0 || port >= 0xFFFF) {
            throw new IllegalArgumentException("Raft port out of range: " + port);
        }
        // manageConnection=true as JRaft's factory does: JRaft tracks peers by connection.
        RpcServer server = new BoltRpcServer(new com.alipay.remoting.rpc.RpcServer(host, port, true));
        RaftRpcServerFactory.addRaftRequestProcessors(server);
        return server;
    }
}
