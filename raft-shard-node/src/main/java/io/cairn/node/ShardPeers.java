package io.cairn.node;

import com.alipay.sofa.jraft.Node;
import com.alipay.sofa.jraft.entity.PeerId;
import io.cairn.api.meta.NodeDescriptor;
import io.cairn.api.meta.Replica;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/** A shard group's JRaft configuration in the control plane's terms (node ids, learner flags). */
final class ShardPeers {
    private ShardPeers() {
    }

    /** Voters then learners, by node id; empty when a peer is not in the node directory. */
    static Optional<List<Replica>> of(Node node, NodeDirectory directory) {
        List<Replica> replicas = new ArrayList<>();
        for (PeerId peer : node.listPeers()) {
            Optional<NodeDescriptor> known = directory.atRaftAddress(peer.getEndpoint().toString());
            if (known.isEmpty()) {
                return Optional.empty();
            }
            replicas.add(Replica.newBuilder().setNodeId(known.get().getId()).build());
        }
        for (PeerId peer : node.listLearners()) {
            Optional<NodeDescriptor> known = directory.atRaftAddress(peer.getEndpoint().toString());
            if (known.isEmpty()) {
                return Optional.empty();
            }
            replicas.add(Replica.newBuilder().setNodeId(known.get().getId()).setLearner(true).build());
        }
        replicas.sort(Comparator.comparing(Replica::getLearner).thenComparingLong(Replica::getNodeId));
        return Optional.of(List.copyOf(replicas));
    }

    static boolean sameMembers(List<Replica> a, List<Replica> b) {
        return new HashSet<>(a).equals(new HashSet<>(b));
    }

    /** The peer of {@code nodeId}, from the node directory. */
    static Optional<PeerId> peer(long nodeId, NodeDirectory directory) {
        return directory.node(nodeId).map(n -> PeerId.parsePeer(n.getRaftAddress()));
    }
}
