package io.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.server.compat.Differential;
import io.cairn.server.compat.EtcdctlScenarios;
import io.cairn.server.compat.ServerSide;
import io.cairn.testkit.CairnDevProcess;
import io.cairn.testkit.EtcdServerProcess;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same etcdctl sessions against a real etcd 3.4 ({@code /usr/bin/etcd}) and a fresh
 * {@code cairn dev}, side by side; stdout, stderr and exit codes must match once what must
 * differ (addresses, ids, terms, sizes, timestamps, lease ids, revision numbering) is
 * normalized, or match the documented difference (docs/api.md). All divergences are reported
 * at once. Scenarios: {@link EtcdctlScenarios}.
 */
class EtcdDifferentialIT {
    @TempDir
    Path tmp;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void etcdctlSessionsMatchARealEtcd() throws Exception {
        CompletableFuture<CairnDevProcess> devStarting =
                CompletableFuture.supplyAsync(() -> CairnDevProcess.start(tmp.resolve("cairn")));
        try (EtcdServerProcess etcd = EtcdServerProcess.start(tmp.resolve("etcd"));
             CairnDevProcess dev = devStarting.join();
             ServerSide etcdSide =
                     new ServerSide("etcd", etcd.endpoint(), etcd.peerUrl(), EtcdctlScenarios.RECIPE_NAMES);
             ServerSide cairnSide = new ServerSide("cairn", dev.endpoint(), null, EtcdctlScenarios.RECIPE_NAMES)) {
            Differential differential = new Differential(etcdSide, cairnSide);
            differential.run(EtcdctlScenarios.all());
            // every step, normalized, for a reader: server/target/etcd-differential.txt
            List<Differential.Divergence> divergences =
                    differential.divergences(Path.of("target", "etcd-differential.txt"));

            assertThat(differential.comparedSteps()).isGreaterThan(150);
            assertThat(divergences)
                    .as(() -> divergences.size() + " of " + differential.comparedSteps() + " etcdctl steps diverge from etcd:\n\n"
                            + divergences.stream().map(Object::toString).collect(Collectors.joining("\n\n")))
                    .isEmpty();
        } finally {
            devStarting.handle((dev, failure) -> {
                if (dev != null) {
                    dev.close();
                }
                return null;
            }).join();
        }
    }
}
