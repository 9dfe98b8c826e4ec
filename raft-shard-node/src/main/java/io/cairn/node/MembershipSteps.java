package io.cairn.node;

import com.alipay.sofa.jraft.Closure;
import com.alipay.sofa.jraft.Node;
import com.alipay.sofa.jraft.Status;
import com.alipay.sofa.jraft.entity.PeerId;
import io.cairn.api.meta.Replica;
import io.cairn.api.meta.ShardDescriptor;
import io.cairn.api.shard.ShardCommand;
import io.cairn.api.shard.ShardMembershipRecord;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The membership steps a shard leader takes for the control plane, through JRaft's
 * configuration changes, each a no-op when the configuration already says it is done (steps
 * are resent until the control plane sees them done). After a change, the leader records the
 * new membership (epoch.conf_ver + 1) through the shard's log.
 */
final class MembershipSteps {
    private static final Logger log = LoggerFactory.getLogger(MembershipSteps.class);

    private final ShardEngine engine;
    private final NodeDirectory directory;

    MembershipSteps(ShardEngine engine, NodeDirectory directory) {
        this.engine = engine;
        this.directory = directory;
    }

    CompletableFuture<Void> addLearner(long nodeId) {
        return withPeer(nodeId, (node, peer) -> node.listPeers().contains(peer) || node.listLearners().contains(peer)
                ? done() : change(done -> node.addLearners(List.of(peer), done), "add learner " + nodeId));
    }

    /**
     * JRaft refuses a configuration entry naming a peer both as learner (old) and voter (new),
     * so a promotion is two changes: the learner leaves, then joins as a voter (it keeps its
     * replica and catches up from where it was). A peer found in neither role is added.
     */
    CompletableFuture<Void> promoteLearner(long nodeId) {
        return withPeer(nodeId, (node, peer) -> {
            if (node.listPeers().contains(peer)) {
                return done();
            }
            CompletableFuture<Void> unlearned = node.listLearners().contains(peer)
                    ? change(done -> node.removeLearners(List.of(peer), done), "promote " + nodeId + ": leave learners")
                    : done();
            return unlearned.thenCompose(ignored -> node.listLearners().contains(peer) ? done()
                    : change(done -> node.addPeer(peer, done), "promote " + nodeId + ": join voters"));
        });
    }

    CompletableFuture<Void> removePeer(long nodeId) {
        return withPeer(nodeId, (node, peer) -> {
            if (node.listLearners().contains(peer)) {
                return change(done -> node.removeLearners(List.of(peer), done), "remove learner " + nodeId);
            }
            if (!node.listPeers().contains(peer)) {
                return done();
            }
            if (node.getLeaderId() != null && node.getLeaderId().equals(peer)) {
                log.warn("shard {}: not removing the leader itself (node {})", engine.shardId(), nodeId);
                return done();
            }
            return change(done -> node.removePeer(peer, done), "remove peer " + nodeId);
        });
    }

    CompletableFuture<Void> transferLeader(long nodeId) {
        return withPeer(nodeId, (node, peer) -> {
            if (!peer.equals(node.getLeaderId())) {
                Status status = node.transferLeadershipTo(peer);
                if (!status.isOk()) {
                    log.info("shard {}: leadership transfer to node {} refused: {}", engine.shardId(), nodeId, status);
                }
            }
            return done();
        });
    }

    /** Records the membership through the log when JRaft's configuration differs from the recorded one. */
    CompletableFuture<Void> recordMembership() {
        Node node = engine.group().node();
        Optional<List<Replica>> peers = ShardPeers.of(node, directory);
        ShardDescriptor base = engine.store().recordedShard().orElse(engine.descriptor());
        if (peers.isEmpty() || peers.get().isEmpty() || ShardPeers.sameMembers(peers.get(), base.getReplicasList())) {
            return done();
        }
        ShardDescriptor next = base.toBuilder().clearReplicas().addAllReplicas(peers.get())
                .setEpoch(base.getEpoch().toBuilder().setConfVer(base.getEpoch().getConfVer() + 1)).build();
        return engine.proposeChange(ShardCommand.newBuilder()
                        .setMembership(ShardMembershipRecord.newBuilder().setShard(next)).build())
                .thenAccept(response -> {
                    if (response.hasError()) {
                        log.info("shard {}: membership not recorded: {}", engine.shardId(), response.getError());
                    }
                });
    }

    private interface PeerStep {
        CompletableFuture<Void> run(Node node, PeerId peer);
    }

    private CompletableFuture<Void> withPeer(long nodeId, PeerStep step) {
        Optional<PeerId> peer = ShardPeers.peer(nodeId, directory);
        if (peer.isEmpty()) {
            log.warn("shard {}: node {} is not in the node list", engine.shardId(), nodeId);
            return done();
        }
        return step.run(engine.group().node(), peer.get());
    }

    private CompletableFuture<Void> change(Consumer<Closure> call, String what) {
        CompletableFuture<Status> result = new CompletableFuture<>();
        call.accept(result::complete);
        return result.thenCompose(status -> {
            if (!status.isOk()) {
                log.info("shard {}: {} failed: {}", engine.shardId(), what, status);
                return done();
            }
            log.info("shard {}: {} done", engine.shardId(), what);
            return recordMembership();
        });
    }

    private static CompletableFuture<Void> done() {
        return CompletableFuture.completedFuture(null);
    }
}
