package io.cairn.node;

import io.cairn.api.meta.NodeDescriptor;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** An immutable view of the cluster's nodes, as last told by the control plane. */
record NodeDirectory(Map<Long, NodeDescriptor> byId, Map<String, NodeDescriptor> byRaftAddress) {
    static final NodeDirectory EMPTY = new NodeDirectory(Map.of(), Map.of());

    static NodeDirectory of(List<NodeDescriptor> nodes) {
        return new NodeDirectory(
                nodes.stream().collect(Collectors.toUnmodifiableMap(NodeDescriptor::getId, Function.identity(), (a, b) -> b)),
                nodes.stream().collect(Collectors.toUnmodifiableMap(NodeDescriptor::getRaftAddress,
                        Function.identity(), (a, b) -> b)));
    }

    Optional<NodeDescriptor> node(long id) {
        return Optional.ofNullable(byId.get(id));
    }

    Optional<NodeDescriptor> atRaftAddress(String raftAddress) {
        return Optional.ofNullable(byRaftAddress.get(raftAddress));
    }
}
