package io.cairn.testkit;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One process of a {@link CairnCluster}, as {@code cluster.json} records it.
 *
 * @param role {@code control-plane}, {@code node} or {@code gateway}
 * @param name e.g. {@code node-2}
 * @param pid the process id last recorded (0 when stopped)
 * @param addresses {@code raft}/{@code rpc} (control plane, node) or {@code client} (gateway), host:port
 * @param dataDir the role's data directory (logs in dataDir/logs)
 * @param config its YAML config file
 * @param log where its stdout/stderr go
 * @param command the command that (re)starts it
 */
public record ClusterMember(String role, String name, long pid, Map<String, String> addresses, Path dataDir,
                            Path config, Path log, List<String> command) {

    public String address(String kind) {
        String address = addresses.get(kind);
        if (address == null) {
            throw new IllegalArgumentException(name + " has no " + kind + " address: " + addresses);
        }
        return address;
    }

    ClusterMember withPid(long newPid) {
        return new ClusterMember(role, name, newPid, addresses, dataDir, config, log, command);
    }
}
