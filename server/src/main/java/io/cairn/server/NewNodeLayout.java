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
 * The layout of one more store node of an existing local cluster: the next free name
 * ({@code node-N}), the first free raft/rpc port pair above every port the cluster uses, and a
 * config file copied from an existing node's with those changed (so it shares the control
 * plane, token and timeouts), started with the same command.
 */
final class NewNodeLayout {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private NewNodeLayout() {
    }

    static ClusterMember next(ClusterManifest manifest, String zone) {
        List<ClusterMember> nodes = manifest.byRole(NodeRoleCommand.ROLE);
        if (nodes.isEmpty()) {
            throw new ConfigException("the cluster has no store node to copy the configuration from");
        }
        ClusterMember template = nodes.getFirst();
        int index = nodes.size() + 1;
        while (hasName(manifest, "node-" + index)) {
            index++;
        }
        String name = "node-" + index;
        HostPort raftTemplate = HostPort.parse(template.address("raft"));
        String host = raftTemplate.host();
        int raft = freePair(host, highestPort(manifest) + 1);
        Path memberDir = Path.of(manifest.dataDir()).resolve(name);
        Path configFile = memberDir.resolve("cairn.yaml");
        Map<String, Object> cfg = readConfig(Path.of(template.config()));
        cfg.put("name", name);
        cfg.put("data-dir", memberDir.toString());
        cfg.put("raft-port", raft);
        cfg.put("rpc-port", raft + 1);
        cfg.put("labels", Map.of("zone", zone == null ? "zone-" + (char) ('a' + (index - 1) % 3) : zone));
        try {
            Files.createDirectories(memberDir);
            YAML.writeValue(configFile.toFile(), cfg);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + configFile, e);
        }
        List<String> command = new ArrayList<>(template.command());
        command.replaceAll(part -> part.equals(template.config()) ? configFile.toString() : part);
        return new ClusterMember(NodeRoleCommand.ROLE, name, 0,
                Map.of("raft", new HostPort(host, raft).toString(), "rpc", new HostPort(host, raft + 1).toString()),
                memberDir.toString(), configFile.toString(), memberDir.resolve("out.log").toString(), command);
    }

    static String zoneOf(ClusterMember member) {
        Object labels = readConfig(Path.of(member.config())).get("labels");
        return labels instanceof Map<?, ?> map ? String.valueOf(map.get("zone")) : "";
    }

    private static boolean hasName(ClusterManifest manifest, String name) {
        return manifest.members().stream().anyMatch(m -> m.name().equals(name));
    }

    private static int highestPort(ClusterManifest manifest) {
        return manifest.members().stream().flatMap(m -> m.addresses().values().stream())
                .mapToInt(a -> HostPort.parse(a).port()).max().orElseThrow();
    }

    /** The first port p >= from with p and p + 1 both free. */
    private static int freePair(String host, int from) {
        for (int port = from; port < 65535; port++) {
            if (PortCheck.isFree(new HostPort(host, port)) && PortCheck.isFree(new HostPort(host, port + 1))) {
                return port;
            }
        }
        throw new ConfigException("no two consecutive free ports above " + from);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> readConfig(Path file) {
        try {
            return new LinkedHashMap<>(YAML.readValue(file.toFile(), Map.class));
        } catch (IOException e) {
            throw new ConfigException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
