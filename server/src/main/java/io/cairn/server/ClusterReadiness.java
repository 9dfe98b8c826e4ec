package io.cairn.server;

import io.cairn.api.meta.NodeState;
import io.cairn.api.placement.ControlPlaneMember;
import io.cairn.api.placement.ControlPlaneStatusResponse;
import io.cairn.controlplane.client.ControlPlaneUnavailableException;
import io.cairn.controlplane.client.PlacementClient;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/** The waits of {@code cluster up}: a control-plane leader, registered nodes, gateways that accept connections. */
final class ClusterReadiness {
    private final PlacementClient placement;

    ClusterReadiness(PlacementClient placement) {
        this.placement = placement;
    }

    /** The control plane's status once a leader answers. */
    ControlPlaneStatusResponse awaitControlPlaneLeader(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            try {
                ControlPlaneStatusResponse status = placement.status();
                if (status.getMembersList().stream().anyMatch(ControlPlaneMember::getLeader)) {
                    return status;
                }
            } catch (ControlPlaneUnavailableException | StatusRuntimeException e) {
                last = e;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("no control-plane leader within " + timeout.toSeconds() + " s"
                + (last == null ? "" : ": " + last.getMessage()));
    }

    /** Waits until at least {@code count} store nodes are registered and up. */
    void awaitNodesUp(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long up = 0;
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            try {
                up = placement.getRoutes(0).getNodesList().stream().filter(n -> n.getState() == NodeState.NODE_UP).count();
                if (up >= count) {
                    return;
                }
            } catch (ControlPlaneUnavailableException | StatusRuntimeException e) {
                last = e;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("only " + up + " of " + count + " store nodes registered within "
                + timeout.toSeconds() + " s" + (last == null ? "" : "; last error: " + last.getMessage()));
    }

    /** Waits until the store node at {@code raftAddress} is registered and up. */
    void awaitNodeUp(String raftAddress, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (placement.getRoutes(0).getNodesList().stream().anyMatch(n -> n.getRaftAddress().equals(raftAddress)
                        && n.getState() == NodeState.NODE_UP)) {
                    return;
                }
            } catch (ControlPlaneUnavailableException | StatusRuntimeException e) {
                last = e;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("store node " + raftAddress + " not registered within " + timeout.toSeconds()
                + " s" + (last == null ? "" : "; last error: " + last.getMessage()));
    }

    static void awaitAccepting(HostPort address, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(address.host(), address.port()), 1000);
                return;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException(address + " does not accept connections after " + timeout.toSeconds() + " s");
    }
}
