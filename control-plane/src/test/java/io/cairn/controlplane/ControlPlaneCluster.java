package io.cairn.controlplane;

import io.cairn.controlplane.client.PlacementClient;
import io.cairn.controlplane.client.PlacementClients;
import io.cairn.testkit.FreePorts;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;

/** N control-plane replicas in this JVM, each with its own ports and data dir under {@code root}. */
final class ControlPlaneCluster implements AutoCloseable {
    static final String TOKEN = "test-cluster-token";

    private final List<ControlPlaneConfig> configs = new ArrayList<>();
    private final List<ControlPlane> replicas = new ArrayList<>();
    private final List<PlacementClient> clients = new ArrayList<>();

    ControlPlaneCluster(Path root, int size, int shardReplicas, List<byte[]> splitKeys, long nodeDownTimeoutMs) {
        this(root, size, shardReplicas, splitKeys, nodeDownTimeoutMs, SchedulingConfig.defaults());
    }

    ControlPlaneCluster(Path root, int size, int shardReplicas, List<byte[]> splitKeys, long nodeDownTimeoutMs,
            SchedulingConfig scheduling) {
        List<Integer> raftPorts = IntStream.range(0, size).mapToObj(i -> FreePorts.next()).toList();
        List<String> peers = raftPorts.stream().map(p -> "127.0.0.1:" + p).toList();
        for (int i = 0; i < size; i++) {
            configs.add(new ControlPlaneConfig(root.resolve("cp" + i), "127.0.0.1", raftPorts.get(i),
                    FreePorts.next(), peers, shardReplicas, splitKeys, TOKEN, 600, nodeDownTimeoutMs, scheduling));
        }
        for (ControlPlaneConfig config : configs) {
            replicas.add(ControlPlane.start(config));
        }
    }

    static ControlPlaneCluster single(Path root) {
        return new ControlPlaneCluster(root, 1, 1, List.of(), 0);
    }

    ControlPlane leader() {
        Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> replicas.stream().anyMatch(r -> r != null && r.isLeader()));
        return replicas.stream().filter(r -> r != null && r.isLeader()).findFirst().orElseThrow();
    }

    int indexOf(ControlPlane replica) {
        return replicas.indexOf(replica);
    }

    ControlPlane replica(int i) {
        return replicas.get(i);
    }

    /** Stops replica i (its data stays). */
    void stop(int i) {
        Optional.ofNullable(replicas.set(i, null)).ifPresent(ControlPlane::close);
    }

    /** Starts replica i again on the same ports and data dir. */
    void restart(int i) {
        stop(i);
        replicas.set(i, ControlPlane.start(configs.get(i)));
    }

    List<String> rpcAddresses() {
        return configs.stream().map(c -> c.host() + ":" + c.rpcPort()).toList();
    }

    PlacementClient client() {
        PlacementClient client = PlacementClients.connect(rpcAddresses(), TOKEN, Duration.ofSeconds(20));
        clients.add(client);
        return client;
    }

    @Override
    public void close() {
        clients.forEach(PlacementClient::close);
        for (int i = 0; i < replicas.size(); i++) {
            stop(i);
        }
    }
}
