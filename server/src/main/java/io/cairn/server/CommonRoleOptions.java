package io.cairn.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Option;

/** Options every role takes (a picocli mixin); role-specific ones live on each command. */
final class CommonRoleOptions {
    static final List<String> KEYS = List.of("name", "host", "data-dir", "cluster-token",
            "cluster-token-file", "election-timeout-ms");

    @Option(names = "--config", paramLabel = "FILE",
            description = "YAML file with this role's settings (keys = flag names without --); flags override it.")
    Path config;

    @Option(names = "--name", description = "Name of this process in logs and tables.")
    String name;

    @Option(names = "--host", description = "Address to bind and advertise (default: 127.0.0.1).")
    String host;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Where this role keeps its data; logs go to DIR/logs.")
    Path dataDir;

    @Option(names = "--cluster-token", paramLabel = "SECRET",
            description = "Shared secret of the cluster (prefer --cluster-token-file: flags show in ps).")
    String clusterToken;

    @Option(names = "--cluster-token-file", paramLabel = "FILE", description = "File holding the cluster token.")
    Path clusterTokenFile;

    @Option(names = "--election-timeout-ms", description = "Raft election timeout (default: 1000).")
    Integer electionTimeoutMs;

    /** Loads --config (if any), accepting the common keys plus {@code roleKeys}. */
    RoleSettings settings(String role, List<String> roleKeys) {
        Set<String> allowed = new HashSet<>(KEYS);
        allowed.addAll(roleKeys);
        return new RoleSettings(role, config == null ? RoleFile.none() : RoleFile.load(config, allowed));
    }

    String name(RoleSettings s, String fallback) {
        return s.string("name", name, fallback);
    }

    String host(RoleSettings s) {
        return s.string("host", host, "127.0.0.1");
    }

    Path dataDir(RoleSettings s, String name) {
        return s.path("data-dir", dataDir, Path.of("cairn-data", name));
    }

    int electionTimeoutMs(RoleSettings s) {
        int ms = s.integer("election-timeout-ms", electionTimeoutMs, 1000);
        if (ms < 100) {
            throw new ConfigException("election-timeout-ms must be at least 100, got " + ms);
        }
        return ms;
    }

    /** The token given as a value, else read from the token file; an error when neither is set. */
    String clusterToken(RoleSettings s) {
        String value = s.string("cluster-token", clusterToken, null);
        if (value != null && !value.isBlank()) {
            return value.trim();
        }
        Path file = s.path("cluster-token-file", clusterTokenFile, null);
        if (file == null) {
            throw new ConfigException("no cluster token: give --cluster-token-file FILE"
                    + " (or --cluster-token SECRET, or 'cluster-token-file:' in the config file)");
        }
        try {
            String token = Files.readString(file, StandardCharsets.UTF_8).trim();
            if (token.isEmpty()) {
                throw new ConfigException("cluster token file " + file + " is empty");
            }
            return token;
        } catch (IOException e) {
            throw new ConfigException("cannot read cluster token file " + file + ": " + e, e);
        }
    }
}
