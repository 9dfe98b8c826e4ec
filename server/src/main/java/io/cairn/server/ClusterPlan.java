package io.cairn.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The layout of a new local cluster: names, ports and one YAML config file per process.
 * Ports are consecutive from the base port: gateways first (the first one on the base port,
 * 2379 by default, like etcd), then raft/rpc pairs of the 3 control-plane replicas (so the
 * first raft port is 2380, etcd's peer port), then raft/rpc pairs of the store nodes.
 * {@code controlPlaneSettings} are extra keys of every control-plane config (e.g. split-keys).
 * With {@code raftProxies}, node i advertises the Raft port {@code basePort + portCount() + i - 1}
 * instead of its own, and something else (the robustness suite's fault proxies) forwards that
 * port to the node's raft port; cluster.json keeps the advertised one as {@code raft} and the
 * bound one as {@code raft-bind}.
 */
record ClusterPlan(Path dir, String host, int basePort, int controlPlanes, int nodes, int gateways,
                   int shards, int electionTimeoutMs, String javaOpts, Path cairnHome,
                   Map<String, Object> controlPlaneSettings, boolean raftProxies) {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** How many ports the layout uses from the base port on. */
    int portCount() {
        return gateways + 2 * controlPlanes + 2 * nodes;
    }

    ClusterManifest manifest(Path tokenFile, Path apiKeyFile) {
        List<String> cpRaft = new ArrayList<>();
        List<String> cpRpc = new ArrayList<>();
        int cpBase = basePort + gateways;
        for (int i = 0; i < controlPlanes; i++) {
            cpRaft.add(new HostPort(host, cpBase + 2 * i).toString());
            cpRpc.add(new HostPort(host, cpBase + 2 * i + 1).toString());
        }
        List<ClusterMember> members = new ArrayList<>();
        for (int i = 0; i < controlPlanes; i++) {
            Map<String, Object> cfg = common("cp-" + (i + 1), tokenFile);
            cfg.put("raft-port", cpBase + 2 * i);
            cfg.put("rpc-port", cpBase + 2 * i + 1);
            cfg.put("peers", cpRaft);
            cfg.put("shards", shards);
            cfg.put("shard-replicas", Math.min(3, nodes));
            cfg.putAll(controlPlaneSettings);
            members.add(member(ControlPlaneRoleCommand.ROLE, cfg,
                    Map.of("raft", cpRaft.get(i), "rpc", cpRpc.get(i))));
        }
        int nodeBase = cpBase + 2 * controlPlanes;
        for (int i = 0; i < nodes; i++) {
            Map<String, Object> cfg = common("node-" + (i + 1), tokenFile);
            cfg.put("raft-port", nodeBase + 2 * i);
            cfg.put("rpc-port", nodeBase + 2 * i + 1);
            cfg.put("control-plane", cpRpc);
            cfg.put("labels", Map.of("zone", "zone-" + (char) ('a' + i % 3)));
            Map<String, String> addresses = new LinkedHashMap<>();
            addresses.put("raft", new HostPort(host, nodeBase + 2 * i).toString());
            addresses.put("rpc", new HostPort(host, nodeBase + 2 * i + 1).toString());
            if (raftProxies) {
                int advertised = basePort + portCount() + i;
                cfg.put("advertise-raft-port", advertised);
                addresses.put("raft-bind", addresses.get("raft"));
                addresses.put("raft", new HostPort(host, advertised).toString());
            }
            members.add(member(NodeRoleCommand.ROLE, cfg, addresses));
        }
        for (int i = 0; i < gateways; i++) {
            Map<String, Object> cfg = common("gateway-" + (i + 1), tokenFile);
            cfg.put("client-port", basePort + i);
            cfg.put("control-plane", cpRpc);
            members.add(member(GatewayRoleCommand.ROLE, cfg,
                    Map.of("client", new HostPort(host, basePort + i).toString())));
        }
        return new ClusterManifest(1, dir.toString(), tokenFile.toString(), apiKeyFile.toString(), members);
    }

    private Map<String, Object> common(String name, Path tokenFile) {
        Map<String, Object> cfg = new LinkedHashMap<>();
        cfg.put("name", name);
        cfg.put("host", host);
        cfg.put("data-dir", dir.resolve(name).toString());
        cfg.put("cluster-token-file", tokenFile.toString());
        cfg.put("election-timeout-ms", electionTimeoutMs);
        return cfg;
    }

    private ClusterMember member(String role, Map<String, Object> cfg, Map<String, String> addresses) {
        String name = (String) cfg.get("name");
        Path memberDir = dir.resolve(name);
        Path configFile = memberDir.resolve("cairn.yaml");
        try {
            Files.createDirectories(memberDir);
            YAML.writeValue(configFile.toFile(), cfg);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + configFile, e);
        }
        List<String> command = new ArrayList<>();
        command.add("env");
        command.add("CAIRN_SKIP_BUILD=1");
        command.add("CAIRN_JAVA_OPTS=" + javaOpts);
        command.add(cairnHome.resolve("bin/cairn").toString());
        command.add(role);
        command.add("--config");
        command.add(configFile.toString());
        return new ClusterMember(role, name, 0, addresses, memberDir.toString(), configFile.toString(),
                memberDir.resolve("out.log").toString(), command);
    }
}
