package io.cairn.server;

import io.cairn.api.placement.NodeInfo;
import io.cairn.controlplane.client.PlacementClient;
import java.io.PrintStream;
import java.time.Duration;

/** Polls the control plane once a second, printing a line whenever a draining node's counts change, until it is empty. */
final class DrainWatch {
    private static final Duration POLL = Duration.ofSeconds(1);

    private final PlacementClient placement;
    private final long nodeId;
    private final PrintStream out;

    DrainWatch(PlacementClient placement, long nodeId, PrintStream out) {
        this.placement = placement;
        this.nodeId = nodeId;
        this.out = out;
    }

    /** 0 once the node holds no replica and leads nothing; 1 after {@code timeout}. */
    int await(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "";
        while (true) {
            NodeInfo node = placement.listNodes().getNodesList().stream()
                    .filter(n -> n.getNode().getId() == nodeId).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("node " + nodeId + " disappeared"));
            if (node.getReplicas() == 0 && node.getLeaders() == 0) {
                return 0;
            }
            int running = placement.listOperators().getRunningCount();
            String line = String.format("node %d: %d replicas and %d leaders left, %d operators running",
                    nodeId, node.getReplicas(), node.getLeaders(), running);
            if (!line.equals(last)) {
                out.println(line);
                last = line;
            }
            if (System.nanoTime() > deadline) {
                out.printf("gave up waiting after %d s; the drain goes on (watch it with 'cairn ctl nodes')%n",
                        timeout.toSeconds());
                return 1;
            }
            Thread.sleep(POLL);
        }
    }
}
