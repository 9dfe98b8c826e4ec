package io.cairn.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads {@code cluster.json} (written by {@code cairn cluster up}) and records pid changes in it. */
final class ClusterFile {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ClusterFile() {
    }

    static List<ClusterMember> members(Path dir) {
        List<ClusterMember> members = new ArrayList<>();
        for (JsonNode m : read(dir).path("members")) {
            Map<String, String> addresses = new LinkedHashMap<>();
            m.path("addresses").properties().forEach(e -> addresses.put(e.getKey(), e.getValue().asText()));
            List<String> command = new ArrayList<>();
            m.path("command").forEach(c -> command.add(c.asText()));
            members.add(new ClusterMember(m.path("role").asText(), m.path("name").asText(), m.path("pid").asLong(),
                    addresses, Path.of(m.path("dataDir").asText()), Path.of(m.path("config").asText()),
                    Path.of(m.path("log").asText()), command));
        }
        return members;
    }

    static String text(Path dir, String field) {
        return read(dir).path(field).asText();
    }

    /** Records a new pid for one member, as {@code cluster up} would, so {@code cluster down} finds it. */
    static synchronized void recordPid(Path dir, String name, long pid) {
        JsonNode root = read(dir);
        for (JsonNode m : root.path("members")) {
            if (m.path("name").asText().equals(name)) {
                ((ObjectNode) m).put("pid", pid);
            }
        }
        Path tmp = dir.resolve("cluster.json.tmp");
        try {
            JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), root);
            Files.move(tmp, dir.resolve("cluster.json"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode read(Path dir) {
        try {
            return JSON.readTree(dir.resolve("cluster.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir.resolve("cluster.json"), e);
        }
    }
}
