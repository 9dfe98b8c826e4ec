package io.cairn.controlplane.admin;

import io.cairn.api.placement.NodeInfo;
import java.util.Map;
import java.util.TreeMap;

/**
 * One store node as {@code cairn ctl nodes} and {@code GET /admin/v1/nodes} show it.
 *
 * @param id node id (never reused)
 * @param state UP, DOWN, DRAINING or REMOVED
 * @param raftAddress host:port of its Raft endpoint (peer traffic)
 * @param rpcAddress host:port of its ShardKv gRPC endpoint (gateway traffic)
 * @param labels its labels (e.g. zone)
 * @param replicas shard replicas (voters and learners) on it
 * @param leaders shards it leads
 * @param capacityBytes size of the disk holding its data (0 = not reported to this control-plane leader yet)
 * @param availableBytes free space on that disk
 * @param lastHeartbeatMs when its state last changed or it registered (control-plane clock, ms since the epoch)
 */
public record NodeRow(long id, String state, String raftAddress, String rpcAddress, Map<String, String> labels,
                      int replicas, int leaders, long capacityBytes, long availableBytes, long lastHeartbeatMs) {

    public NodeRow {
        labels = Map.copyOf(labels);
    }

    public static NodeRow from(NodeInfo info) {
        var node = info.getNode();
        return new NodeRow(node.getId(), States.node(node.getState()), node.getRaftAddress(), node.getRpcAddress(),
                new TreeMap<>(node.getLabelsMap()), info.getReplicas(), info.getLeaders(), info.getCapacityBytes(),
                info.getAvailableBytes(), node.getLastHeartbeatMs());
    }
}
