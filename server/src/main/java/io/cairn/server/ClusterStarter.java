package io.cairn.server;

import io.cairn.api.placement.ControlPlaneStatusResponse;
import io.cairn.controlplane.client.PlacementClient;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Brings a cluster's processes up role by role, printing progress: control plane (until it
 * has a leader), store nodes (until registered and every shard has a leader), the dev tenant,
 * gateways (until they accept connections). Records every pid in cluster.json as it goes.
 */
final class ClusterStarter {
    private final Path dir;
    private final Duration timeout;
    private final PrintStream out;
    private final List<ClusterMember> startedNow = new ArrayList<>();
    private ClusterManifest manifest;
    private long phaseStart = System.nanoTime();

    ClusterStarter(Path dir, ClusterManifest manifest, Duration timeout, PrintStream out) {
        this.dir = dir;
        this.manifest = manifest;
        this.timeout = timeout;
        this.out = out;
    }

    /** Starts whatever is not running and returns the dev tenant's API key. */
    String start(String token, DevDataDir files) throws InterruptedException {
        phase("control plane", ControlPlaneRoleCommand.ROLE);
        try (PlacementClient placement = ClusterUpCommand.connect(manifest, token)) {
            ClusterReadiness readiness = new ClusterReadiness(placement);
            ControlPlaneStatusResponse status = readiness.awaitControlPlaneLeader(timeout);
            out.printf("ok, leader %s (term %d)%s%n", ClusterUpCommand.leaderName(manifest, status), status.getTerm(), took());

            phase("store nodes", NodeRoleCommand.ROLE);
            readiness.awaitNodesUp(manifest.byRole(NodeRoleCommand.ROLE).size(), timeout);
            out.printf("ok, all registered%s%n", took());
            out.print("  shards ... ");
            out.flush();
            int shards = new ShardReadiness(placement).awaitLeaders(timeout);
            out.printf("ok, %d shards, each with a leader%s%n", shards, took());

            out.print("  tenant ... ");
            out.flush();
            String apiKey = new DevTenant(placement, files).ensure();
            out.printf("ok, %s%s%n", DevTenant.NAME, took());

            phase("gateways", GatewayRoleCommand.ROLE);
            for (ClusterMember gateway : manifest.byRole(GatewayRoleCommand.ROLE)) {
                ClusterReadiness.awaitAccepting(HostPort.parse(gateway.address("client")), timeout);
            }
            out.printf("ok, answering%s%n", took());
            return apiKey;
        }
    }

    private String took() {
        long now = System.nanoTime();
        String text = String.format(" (%.1f s)", (now - phaseStart) / 1e9);
        phaseStart = now;
        return text;
    }

    ClusterManifest manifest() {
        return manifest;
    }

    /** Stops what this run started (after a failure). */
    void stopStarted() throws InterruptedException {
        List<ClusterMember> current = manifest.members().stream()
                .filter(m -> startedNow.stream().anyMatch(s -> s.name().equals(m.name()))).toList().reversed();
        MemberProcesses.stopAll(current, Duration.ofSeconds(20));
    }

    /** Launches every member of the role that is not running, then waits for their ready lines. */
    private void phase(String title, String role) throws InterruptedException {
        List<ClusterMember> members = manifest.byRole(role);
        out.printf("  %s (%s) ... ", title, String.join(" ", ClusterUpCommand.names(members)));
        out.flush();
        List<ClusterMember> launched = new ArrayList<>();
        List<Long> offsets = new ArrayList<>();
        for (ClusterMember member : members) {
            if (MemberProcesses.running(member).isPresent()) {
                continue;
            }
            offsets.add(MemberProcesses.logSize(member));
            ClusterMember withPid = member.withPid(MemberProcesses.launch(member));
            manifest = manifest.with(withPid);
            manifest.write(dir);
            launched.add(withPid);
            startedNow.add(withPid);
        }
        for (int i = 0; i < launched.size(); i++) {
            MemberProcesses.awaitReady(launched.get(i), offsets.get(i), timeout);
        }
        out.printf("%s; ", launched.isEmpty() ? "already running" : launched.size() + " started");
        out.flush();
    }
}
