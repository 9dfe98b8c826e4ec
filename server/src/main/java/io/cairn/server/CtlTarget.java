package io.cairn.server;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import picocli.CommandLine.Option;

/**
 * Which control plane {@code cairn ctl} talks to, and with which token (a picocli mixin):
 * explicit flags first, else the data directory of {@code cairn cluster up} (its
 * {@code cluster.json}) or of {@code cairn dev}, else {@code ./cairn-cluster} or {@code ./cairn-data}.
 */
final class CtlTarget {
    private static final List<Path> DEFAULT_DIRS = List.of(Path.of("cairn-cluster"), Path.of("cairn-data"));

    @Option(names = "--control-plane", split = ",", paramLabel = "HOST:RPC_PORT",
            description = "gRPC addresses of the control-plane replicas (default: from --data-dir).")
    List<String> controlPlane;

    @Option(names = "--cluster-token", paramLabel = "SECRET",
            description = "The cluster token (prefer --cluster-token-file: flags show in ps).")
    String clusterToken;

    @Option(names = "--cluster-token-file", paramLabel = "FILE", description = "File holding the cluster token.")
    Path clusterTokenFile;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Directory of 'cairn cluster up' or 'cairn dev' (default: ./cairn-cluster, then ./cairn-data).")
    Path dataDir;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "table or json (default: ${DEFAULT-VALUE}).")
    String output;

    /** The control-plane addresses and token, and where they came from (for error messages). */
    record Resolved(List<String> addresses, String token, String source) {
    }

    boolean json() {
        if (!output.equals("table") && !output.equals("json")) {
            throw new ConfigException("unknown output format '" + output + "': use table or json");
        }
        return output.equals("json");
    }

    Resolved resolve() {
        Optional<Resolved> fromDir = directory().map(CtlTarget::fromDirectory);
        String token = explicitToken().or(() -> fromDir.map(Resolved::token)).orElseThrow(() -> new ConfigException(
                "no cluster token: give --cluster-token-file FILE (or --data-dir of 'cairn cluster up' / 'cairn dev')"));
        if (controlPlane != null && !controlPlane.isEmpty()) {
            List<String> addresses = controlPlane.stream().map(a -> {
                try {
                    return HostPort.parse(a.strip()).toString();
                } catch (IllegalArgumentException e) {
                    throw new ConfigException("--control-plane: " + e.getMessage(), e);
                }
            }).toList();
            return new Resolved(addresses, token, "--control-plane");
        }
        Resolved found = fromDir.orElseThrow(() -> new ConfigException("no control plane given: use --control-plane"
                + " HOST:PORT,... with --cluster-token-file FILE, or --data-dir DIR of 'cairn cluster up' / 'cairn dev'"
                + " (none found in ./cairn-cluster or ./cairn-data)"));
        return new Resolved(found.addresses(), token, found.source());
    }

    private Optional<String> explicitToken() {
        if (clusterToken != null && !clusterToken.isBlank()) {
            return Optional.of(clusterToken.strip());
        }
        return Optional.ofNullable(clusterTokenFile).map(CtlTarget::readToken);
    }

    private Optional<Path> directory() {
        if (dataDir != null) {
            Path dir = dataDir.toAbsolutePath().normalize();
            if (!Files.isDirectory(dir)) {
                throw new ConfigException("--data-dir " + dir + " does not exist");
            }
            return Optional.of(dir);
        }
        return DEFAULT_DIRS.stream().map(p -> p.toAbsolutePath().normalize())
                .filter(p -> Files.exists(p.resolve(ClusterManifest.FILE)) || Files.exists(p.resolve(DevDataDir.PORTS)))
                .findFirst();
    }

    private static Resolved fromDirectory(Path dir) {
        Optional<ClusterManifest> manifest = ClusterManifest.read(dir);
        if (manifest.isPresent()) {
            List<String> addresses = manifest.get().addresses(ControlPlaneRoleCommand.ROLE, "rpc");
            return new Resolved(addresses, readToken(Path.of(manifest.get().clusterTokenFile())),
                    dir.resolve(ClusterManifest.FILE).toString());
        }
        Path ports = dir.resolve(DevDataDir.PORTS);
        if (!Files.exists(ports)) {
            throw new ConfigException(dir + " holds neither " + ClusterManifest.FILE + " ('cairn cluster up') nor "
                    + DevDataDir.PORTS + " ('cairn dev')");
        }
        Properties props = new Properties();
        try (Reader in = Files.newBufferedReader(ports, StandardCharsets.UTF_8)) {
            props.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + ports, e);
        }
        String rpc = props.getProperty("control-plane.rpc");
        if (rpc == null) {
            throw new ConfigException(ports + " has no control-plane.rpc port");
        }
        return new Resolved(List.of("127.0.0.1:" + rpc), readToken(dir.resolve(DevDataDir.TOKEN)), ports.toString());
    }

    private static String readToken(Path file) {
        try {
            String token = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (token.isEmpty()) {
                throw new ConfigException("cluster token file " + file + " is empty");
            }
            return token;
        } catch (IOException e) {
            throw new ConfigException("cannot read cluster token file " + file + ": " + e.getMessage(), e);
        }
    }
}
