package io.cairn.controlplane;

import com.alipay.sofa.jraft.Node;
import com.alipay.sofa.jraft.RaftGroupService;
import com.alipay.sofa.jraft.Status;
import com.alipay.sofa.jraft.closure.ReadIndexClosure;
import com.alipay.sofa.jraft.conf.Configuration;
import com.alipay.sofa.jraft.entity.PeerId;
import com.alipay.sofa.jraft.entity.Task;
import com.alipay.sofa.jraft.option.NodeOptions;
import io.cairn.api.controlplane.ControlPlaneCommand;
import io.cairn.controlplane.raft.RaftRpcServers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The control plane's one JRaft group: proposes commands, serves read barriers (read index)
 * and says who leads. Closures are bridged to futures here and nowhere else.
 */
final class MetaRaft implements AutoCloseable {
    static final String GROUP_ID = "cairn-control-plane";
    private static final int SNAPSHOT_INTERVAL_SECS = 600;

    private final PeerId self;
    private final String selfRpcAddress;
    private final MetaState state;
    private final CompletableFuture<Node> node = new CompletableFuture<>();
    private volatile CompletableFuture<Void> leaderReady =
            CompletableFuture.failedFuture(ControlPlaneException.notLeader(Optional.empty()));
    private RaftGroupService service;

    MetaRaft(String host, int raftPort, String selfRpcAddress, MetaState state) {
        this.self = new PeerId(host, raftPort);
        this.selfRpcAddress = selfRpcAddress;
        this.state = state;
    }

    void start(ControlPlaneConfig config, MetaStateMachine fsm) {
        SmallLogStorageOptions.register();
        Configuration conf = new Configuration();
        for (String peer : config.peers()) {
            PeerId peerId = PeerId.parsePeer(peer);
            if (peerId == null) {
                throw new IllegalArgumentException("bad control-plane peer address: " + peer);
            }
            conf.addPeer(peerId);
        }
        if (!conf.contains(self)) {
            throw new IllegalArgumentException("peers " + config.peers() + " do not include this replica " + self);
        }
        NodeOptions options = new NodeOptions();
        options.setElectionTimeoutMs(config.electionTimeoutMs() > 0
                ? config.electionTimeoutMs() : ControlPlaneConfig.DEFAULT_ELECTION_TIMEOUT_MS);
        options.setInitialConf(conf);
        options.setFsm(fsm);
        options.setLogUri(dir(config.dataDir().resolve("log")));
        options.setRaftMetaUri(dir(config.dataDir().resolve("raft_meta")));
        options.setSnapshotUri(dir(config.dataDir().resolve("snapshot")));
        options.setSnapshotIntervalSecs(SNAPSHOT_INTERVAL_SECS);
        service = new RaftGroupService(GROUP_ID, self, options,
                RaftRpcServers.bound(self.getEndpoint().getIp(), self.getEndpoint().getPort()));
        node.complete(service.start());
    }

    private static String dir(Path path) {
        try {
            return Files.createDirectories(path).toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String selfRaftAddress() {
        return self.getEndpoint().toString();
    }

    boolean isLeader() {
        Node n = node.getNow(null);
        return n != null && n.isLeader();
    }

    /** Throws NOT_LEADER (with the leader's gRPC address when known) unless this replica leads. */
    void requireLeader() {
        if (!isLeader()) {
            throw ControlPlaneException.notLeader(leaderRpcAddress());
        }
    }

    Optional<PeerId> leaderId() {
        Node n = node.getNow(null);
        PeerId leader = n == null ? null : n.getLeaderId();
        return leader == null || leader.isEmpty() ? Optional.empty() : Optional.of(leader);
    }

    Optional<String> leaderRpcAddress() {
        return leaderId().flatMap(this::rpcAddressOf);
    }

    Optional<String> rpcAddressOf(PeerId peer) {
        if (peer.equals(self)) {
            return Optional.of(selfRpcAddress);
        }
        return state.memberRpcAddress(peer.getEndpoint().toString());
    }

    List<PeerId> peers() {
        Node n = node.getNow(null);
        return n == null ? List.of() : n.listPeers();
    }

    long appliedIndex() {
        Node n = node.getNow(null);
        return n == null ? 0 : n.getLastAppliedLogIndex();
    }

    /**
     * Set by the leader's start-up duties: completes once the commands a new leader must
     * commit first (cluster id, its own address) are applied; service calls wait for it.
     */
    void leaderReady(CompletableFuture<Void> ready) {
        leaderReady = ready;
    }

    /** A client command: proposed once this leader finished its start-up commands. */
    CompletableFuture<Object> proposeWhenReady(ControlPlaneCommand command) {
        return leaderReady.thenCompose(ignored -> propose(command));
    }

    /** Proposes a command; the future holds the state machine's result for it. */
    CompletableFuture<Object> propose(ControlPlaneCommand command) {
        return propose(command, -1);
    }

    /** As {@link #propose(ControlPlaneCommand)}, refused unless the leader is still at {@code term}. */
    CompletableFuture<Object> propose(ControlPlaneCommand command, long expectedTerm) {
        return node.thenCompose(n -> {
            CommandClosure closure = new CommandClosure(this::failure);
            n.apply(new Task(ByteBuffer.wrap(command.toByteArray()), closure, expectedTerm));
            return closure.future();
        });
    }

    /** Completes once this leader's state reflects every write committed before the call. */
    CompletableFuture<Void> readBarrier() {
        return leaderReady.thenCompose(ignored -> confirmLeadership());
    }

    /**
     * Completes once a majority acknowledged this replica as leader after the call (a Raft
     * read-index round: heartbeats, nothing written to the log).
     */
    CompletableFuture<Void> confirmLeadership() {
        return node.thenCompose(n -> {
            CompletableFuture<Void> done = new CompletableFuture<>();
            n.readIndex(new byte[0], new ReadIndexClosure() {
                @Override
                public void run(Status status, long index, byte[] reqCtx) {
                    if (status.isOk()) {
                        done.complete(null);
                    } else {
                        done.completeExceptionally(failure(status));
                    }
                }
            });
            return done;
        });
    }

    /** Takes a Raft snapshot now (the log before it can then be dropped). */
    CompletableFuture<Void> snapshot() {
        return node.thenCompose(n -> {
            CompletableFuture<Void> done = new CompletableFuture<>();
            n.snapshot(status -> {
                if (status.isOk()) {
                    done.complete(null);
                } else {
                    done.completeExceptionally(ControlPlaneException.unavailable("snapshot failed: " + status));
                }
            });
            return done;
        });
    }

    private RuntimeException failure(Status status) {
        if (!isLeader()) {
            return ControlPlaneException.notLeader(leaderRpcAddress());
        }
        return ControlPlaneException.unavailable("control-plane raft: " + status);
    }

    @Override
    public void close() {
        if (service != null) {
            service.shutdown();
            try {
                service.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
