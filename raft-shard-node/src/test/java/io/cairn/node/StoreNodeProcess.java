package io.cairn.node;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Main class of a store node in its own JVM, for multi-process tests. Arguments: the encoded
 * {@link ClusterSpec}, the node id, the data directory. Prints {@code READY} once started and
 * runs until its standard input closes (or it is killed).
 */
public final class StoreNodeProcess {
    private StoreNodeProcess() {
    }

    public static void main(String[] args) throws IOException {
        ClusterSpec spec = ClusterSpec.decode(args[0]);
        long nodeId = Long.parseLong(args[1]);
        try (StoreNode node = spec.startNode(nodeId, Path.of(args[2]), spec.placement())) {
            System.out.println("READY " + node.nodeId());
            System.out.flush();
            while (System.in.read() >= 0) {
                // runs until stdin closes
            }
        }
        System.exit(0);
    }
}
