package io.cairn.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code DIR/cluster.json}: what runs where in a local cluster, so that scripts and tests can
 * stop, kill or restart any process. Written atomically after every change.
 *
 * @param version format version (1)
 * @param dataDir the cluster's directory
 * @param clusterTokenFile file holding the cluster token
 * @param apiKeyFile file holding the {@code dev} tenant's API key
 * @param members every process, control plane first, then nodes, then gateways
 */
record ClusterManifest(int version, String dataDir, String clusterTokenFile, String apiKeyFile,
                       List<ClusterMember> members) {
    static final String FILE = "cluster.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    ClusterManifest {
        members = List.copyOf(members);
    }

    static Optional<ClusterManifest> read(Path dir) {
        Path file = dir.resolve(FILE);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(file.toFile(), ClusterManifest.class));
        } catch (IOException e) {
            throw new ConfigException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    void write(Path dir) {
        Path file = dir.resolve(FILE);
        Path tmp = dir.resolve(FILE + ".tmp");
        try {
            JSON.writeValue(tmp.toFile(), this);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    ClusterManifest with(ClusterMember updated) {
        List<ClusterMember> copy = new ArrayList<>(members);
        copy.replaceAll(m -> m.name().equals(updated.name()) ? updated : m);
        return new ClusterManifest(version, dataDir, clusterTokenFile, apiKeyFile, copy);
    }

    /** A new member, placed after the last member of its role (the order processes start and stop in). */
    ClusterManifest plus(ClusterMember added) {
        List<ClusterMember> copy = new ArrayList<>(members);
        int at = 0;
        for (int i = 0; i < copy.size(); i++) {
            if (copy.get(i).role().equals(added.role())) {
                at = i + 1;
            }
        }
        copy.add(at == 0 ? copy.size() : at, added);
        return new ClusterManifest(version, dataDir, clusterTokenFile, apiKeyFile, copy);
    }

    List<ClusterMember> byRole(String role) {
        return members.stream().filter(m -> m.role().equals(role)).toList();
    }

    List<String> addresses(String role, String kind) {
        return byRole(role).stream().map(m -> m.address(kind)).toList();
    }
}
