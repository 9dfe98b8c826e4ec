package io.cairn.testkit.robustness;

import io.cairn.testkit.CairnCluster;
import io.cairn.testkit.ClusterMember;
import io.cairn.testkit.FreePorts;
import io.cairn.testkit.fault.FaultProxy;
import io.cairn.testkit.fault.SocketOwners;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * A local multi-process cluster as a target: {@code cairn cluster up} with 3 control-plane
 * replicas, 3 store nodes and 1 gateway (2 initial shards). Each store node advertises a Raft port
 * served by a {@link FaultProxy} forwarding to its real one ({@code --raft-proxy-ports}), so peer
 * traffic into any node can be cut, delayed or dropped. Clients use the gateway.
 */
final class ClusterTarget implements Target {
    private static final int NODES = 3;

    private final CairnCluster cluster;
    private final Map<String, FaultProxy> peerProxies;
    private final ClusterAdmin admin;
    private final List<Process> members = new ArrayList<>();
    private final ClusterPlacement placement;

    private ClusterTarget(CairnCluster cluster, Map<String, FaultProxy> peerProxies) {
        this.cluster = cluster;
        this.peerProxies = peerProxies;
        this.admin = new ClusterAdmin(cluster.controlPlaneAddresses(), cluster.clusterToken());
        cluster.members().forEach(m -> members.add(new Process(m.name(), m.role())));
        this.placement = new ClusterPlacement(this, admin);
        // the first admin calls (channels, the leader, the tenant) are slow on a loaded machine:
        // make them now, not when a fault should strike
        placement.trafficShardNodes(new Random(0));
        placement.controlPlaneLeader();
    }

    static Factory factory() {
        return new Factory() {
            @Override
            public Target start(Path dir) {
                return ClusterTarget.start(dir);
            }

            @Override
            public List<FaultKind> faultKinds() {
                return FaultKind.CLUSTER;
            }
        };
    }

    static ClusterTarget start(Path dir) {
        int base = FreePorts.block(32);
        // cluster up's layout: gateway, 3 x (raft, rpc) control plane, 3 x (raft, rpc) nodes; with
        // --raft-proxy-ports node i advertises base + 13 + i
        int layout = 1 + 2 * 3 + 2 * NODES;
        Map<String, FaultProxy> proxies = new LinkedHashMap<>();
        try {
            Files.createDirectories(dir);
            Path clusterDir = dir.resolve("cluster");
            for (int i = 0; i < NODES; i++) {
                proxies.put("node-" + (i + 1), FaultProxy.start(base + layout + i, base + 1 + 6 + 2 * i,
                        SocketOwners.byPid(() -> CairnCluster.recordedPids(clusterDir, "node"))));
            }
            CairnCluster cluster = CairnCluster.start(clusterDir, base, NODES, "--gateways", "1",
                    "--shards", "2", "--raft-proxy-ports");
            for (ClusterMember m : cluster.members("node")) {
                int advertised = Integer.parseInt(m.address("raft").substring(m.address("raft").lastIndexOf(':') + 1));
                if (proxies.get(m.name()).port() != advertised) {
                    cluster.close();
                    throw new IllegalStateException(m.name() + " advertises " + m.address("raft")
                            + ", not its proxy's port " + proxies.get(m.name()).port());
                }
            }
            try {
                return new ClusterTarget(cluster, proxies);
            } catch (RuntimeException e) {
                cluster.close();
                throw e;
            }
        } catch (IOException e) {
            proxies.values().forEach(FaultProxy::close);
            throw new UncheckedIOException("cannot create " + dir, e);
        } catch (RuntimeException e) {
            proxies.values().forEach(FaultProxy::close);
            throw e;
        }
    }

    CairnCluster processes() {
        return cluster;
    }

    Process member(String name) {
        return members.stream().filter(m -> m.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no member " + name));
    }

    FaultProxy peerProxyOf(String name) {
        return peerProxies.get(name);
    }

    @Override
    public int clientPort() {
        String gateway = cluster.gatewayEndpoints().get(0);
        return Integer.parseInt(gateway.substring(gateway.lastIndexOf(':') + 1));
    }

    @Override
    public String apiKey() {
        return cluster.apiKey();
    }

    @Override
    public List<Process> members() {
        return List.copyOf(members);
    }

    @Override
    public Member faultMember(Random random) {
        return placement.trafficShardNodes(random).get(0);
    }

    @Override
    public Optional<ClusterFaults> clusterFaults() {
        return Optional.of(placement);
    }

    @Override
    public void collectArtifacts(Path dir) {
        try {
            Artifacts.copyTree(cluster.dir(), dir.resolve("cluster"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the artifacts of " + cluster.dir(), e);
        }
    }

    @Override
    public void close() {
        admin.close();
        cluster.close();
        peerProxies.values().forEach(FaultProxy::close);
    }

    /** One process of the cluster, by its name in cluster.json. */
    final class Process implements Member {
        private final String name;
        private final String role;
        private volatile Path fiuPrefix;

        Process(String name, String role) {
            this.name = name;
            this.role = role;
        }

        @Override
        public String name() {
            return name;
        }

        String role() {
            return role;
        }

        @Override
        public long pid() {
            return cluster.member(name).pid();
        }

        @Override
        public void kill9() {
            cluster.kill9(name);
        }

        @Override
        public void restart() {
            cluster.restart(name);
            fiuPrefix = null;
        }

        @Override
        public boolean startForDiskFaults() {
            if (fiuPrefix != null) {
                return false;
            }
            Path prefix = cluster.dir().resolve("fiu-ctrl-" + name);
            if (cluster.isRunning(name)) {
                cluster.kill9(name);
            }
            cluster.restart(name, Map.of(), List.of(), Fiu.wrapper(prefix));
            fiuPrefix = prefix;
            return true;
        }

        @Override
        public void failDiskSync(boolean fail) {
            if (fiuPrefix == null) {
                throw new IllegalStateException(name + " was not started under fiu-run (startForDiskFaults)");
            }
            Fiu.set(fiuPrefix, pid(), Fiu.SYNC, fail);
        }

        @Override
        public void restartArmed(String failpoints) {
            if (cluster.isRunning(name)) {
                cluster.kill9(name);
            }
            fiuPrefix = null;
            try {
                cluster.restart(name, Map.of("CAIRN_FAILPOINTS", failpoints), List.of("--snapshot-interval-secs", "2"));
            } catch (IllegalStateException e) {
                if (cluster.isRunning(name)) {
                    throw e;
                }
            }
        }

        @Override
        public boolean awaitExit(Duration timeout) {
            return cluster.awaitExit(name, timeout);
        }
    }
}
