package io.cairn.server;

import java.util.List;
import java.util.Map;

/**
 * One process of a local cluster as recorded in {@code cluster.json}.
 *
 * @param role {@code control-plane}, {@code node} or {@code gateway}
 * @param name unique in the cluster, e.g. {@code node-2}
 * @param pid the running process, 0 when never started
 * @param addresses by kind: {@code raft}, {@code rpc} (control plane, node), {@code client} (gateway)
 * @param dataDir the role's data; its logs are in dataDir/logs
 * @param config the role's YAML config file
 * @param log the file stdout/stderr of the process go to
 * @param command the exact command that (re)starts it
 */
record ClusterMember(String role, String name, long pid, Map<String, String> addresses, String dataDir,
                     String config, String log, List<String> command) {

    ClusterMember {
        addresses = Map.copyOf(addresses);
        command = List.copyOf(command);
    }

    ClusterMember withPid(long newPid) {
        return new ClusterMember(role, name, newPid, addresses, dataDir, config, log, command);
    }

    String address(String kind) {
        return addresses.getOrDefault(kind, "");
    }
}
