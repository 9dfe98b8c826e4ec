package io.cairn.node;

import com.alipay.sofa.jraft.Node;
import com.alipay.sofa.jraft.RaftGroupService;
import com.alipay.sofa.jraft.StateMachine;
import com.alipay.sofa.jraft.Status;
import com.alipay.sofa.jraft.closure.ReadIndexClosure;
import com.alipay.sofa.jraft.conf.Configuration;
import com.alipay.sofa.jraft.entity.PeerId;
import com.alipay.sofa.jraft.entity.Task;
import com.alipay.sofa.jraft.option.NodeOptions;
import io.cairn.api.meta.NodeDescriptor;
import io.cairn.api.meta.Replica;
import io.cairn.api.meta.ShardDescriptor;
import io.cairn.api.shard.ShardCommand;
import io.cairn.api.shard.ShardResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One shard's JRaft group on this node, on the node's shared RPC server and timers; the
 * edge where JRaft's callbacks become futures.
 */
final class ShardGroup implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ShardGroup.class);

    private final RaftGroupService service;
    private final Node node;

    private ShardGroup(RaftGroupService service, Node node) {
        this.service = service;
        this.node = node;
    }

    static String groupId(long shardId) {
        return "shard-" + shardId;
    }

    static ShardGroup start(ShardDescriptor shard, Path dir, EngineContext ctx, StateMachine fsm) {
        StoreNodeConfig config = ctx.config();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        NodeOptions options = new NodeOptions();
        options.setElectionTimeoutMs(config.electionTimeoutMs());
        options.setSnapshotIntervalSecs(config.snapshotIntervalSecs());
        options.setLogUri(dir.resolve("log").toString());
        options.setRaftMetaUri(dir.resolve("raft_meta").toString());
        options.setSnapshotUri(dir.resolve("snapshot").toString());
        options.setFsm(fsm);
        if (FaultPoints.enabled()) {
            options.setServiceFactory(FaultPointLogStorage.factory());
        }
        options.setInitialConf(ReplicaStart.joinsAsLearner(shard, ctx.nodeId()) ? new Configuration()
                : initialConf(shard, ctx.directory().get()));
        options.setSharedTimerPool(true);
        options.setSharedElectionTimer(true);
        options.setSharedVoteTimer(true);
        options.setSharedStepDownTimer(true);
        options.setSharedSnapshotTimer(true);
        PeerId self = PeerId.parsePeer(config.raftAddress());
        RaftGroupService service = new RaftGroupService(groupId(shard.getId()), self, options, ctx.raftServer(), true);
        Node node = service.start(false);
        if (node == null) {
            throw new IllegalStateException("cannot start the Raft group of shard " + shard.getId());
        }
        return new ShardGroup(service, node);
    }

    /** The replicas' Raft addresses; JRaft ignores it once the log holds a configuration. */
    static Configuration initialConf(ShardDescriptor shard, NodeDirectory directory) {
        Configuration conf = new Configuration();
        for (Replica replica : shard.getReplicasList()) {
            Optional<NodeDescriptor> node = directory.node(replica.getNodeId());
            if (node.isEmpty()) {
                log.warn("shard {}: replica node {} is not in the node list", shard.getId(), replica.getNodeId());
                continue;
            }
            PeerId peer = PeerId.parsePeer(node.get().getRaftAddress());
            if (replica.getLearner()) {
                conf.addLearner(peer);
            } else {
                conf.addPeer(peer);
            }
        }
        return conf;
    }

    Node node() {
        return node;
    }

    /** Proposes an entry; its outcome arrives through the proposal's future. */
    CompletableFuture<ShardResponse> propose(ShardCommand command, Function<Status, ShardResponse> failure) {
        CommandProposal proposal = new CommandProposal(command, failure);
        node.apply(new Task(ByteBuffer.wrap(command.toByteArray()), proposal));
        return proposal.result();
    }

    /** JRaft's read index, as a future: OK once this replica has applied the leader's commit index. */
    CompletableFuture<Status> readIndex() {
        CompletableFuture<Status> done = new CompletableFuture<>();
        node.readIndex(new byte[0], new ReadIndexClosure() {
            @Override
            public void run(Status status, long index, byte[] requestContext) {
                done.complete(status);
            }
        });
        return done;
    }

    /** Starts stopping the group; {@link #close} waits for it. */
    void shutdown() {
        service.shutdown();
    }

    @Override
    public void close() {
        service.shutdown();
        try {
            service.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
