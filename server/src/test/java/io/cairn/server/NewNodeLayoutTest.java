package io.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.cairn.testkit.FreePorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NewNodeLayoutTest {
    @TempDir
    Path dir;

    @Test
    void aNewNodeCopiesNodeOnesConfigOnTheNextFreePortsAndIsRecordedAfterTheNodes() throws Exception {
        int base = FreePorts.block(32);
        ClusterPlan plan = new ClusterPlan(dir, "127.0.0.1", base, 3, 3, 1, 4, 1500, "-Xmx256m", dir,
                Map.of("split-keys", 100L), false);
        ClusterManifest manifest = plan.manifest(dir.resolve("cluster-token"), dir.resolve("dev-api-key"));

        ClusterMember added = NewNodeLayout.next(manifest, null);

        assertThat(added.name()).isEqualTo("node-4");
        assertThat(added.address("raft")).isEqualTo("127.0.0.1:" + (base + plan.portCount()));
        assertThat(added.address("rpc")).isEqualTo("127.0.0.1:" + (base + plan.portCount() + 1));
        Map<?, ?> config = new ObjectMapper(new YAMLFactory()).readValue(Path.of(added.config()).toFile(), Map.class);
        assertThat(config.get("name")).isEqualTo("node-4");
        assertThat(config.get("raft-port")).isEqualTo(base + plan.portCount());
        assertThat(config.get("election-timeout-ms")).isEqualTo(1500);
        assertThat(config.get("control-plane")).isEqualTo(manifest.addresses(ControlPlaneRoleCommand.ROLE, "rpc"));
        assertThat(config.get("labels")).isEqualTo(Map.of("zone", "zone-a"));
        assertThat(added.command()).contains(added.config(), "CAIRN_JAVA_OPTS=-Xmx256m")
                .doesNotContain(manifest.byRole(NodeRoleCommand.ROLE).getFirst().config());
        assertThat(Files.exists(Path.of(added.config()))).isTrue();

        ClusterManifest grown = manifest.plus(added);
        assertThat(grown.members().stream().map(ClusterMember::name).toList()).containsExactly(
                "cp-1", "cp-2", "cp-3", "node-1", "node-2", "node-3", "node-4", "gateway-1");
        assertThat(NewNodeLayout.next(grown, "zone-x").name()).isEqualTo("node-5");
        assertThat(NewNodeLayout.zoneOf(NewNodeLayout.next(grown, "zone-x"))).isEqualTo("zone-x");
        List<String> cpConfig = Files.readAllLines(Path.of(manifest.byRole(ControlPlaneRoleCommand.ROLE).getFirst().config()));
        assertThat(cpConfig).contains("split-keys: 100");
    }
}
