package io.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.sdk.CairnClient;
import io.cairn.sdk.CairnException;
import io.cairn.sdk.KeyValue;
import io.cairn.testkit.CairnDevProcess;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Java SDK against a real {@code cairn dev}. */
class SdkEndToEndIT {
    @TempDir
    Path tmp;

    @Test
    void kvThroughTheSdk() {
        try (CairnDevProcess dev = CairnDevProcess.start(tmp.resolve("data"), "--require-auth");
             CairnClient client = CairnClient.builder().endpoint(dev.endpoint()).apiKey(dev.apiKey()).build()) {
            long rev1 = client.kv().put("app/a", "1");
            long rev2 = client.kv().put("app/b", "2");
            assertThat(rev2).isGreaterThan(rev1);
            assertThat(client.kv().get("app/a")).map(KeyValue::valueAsString).contains("1");
            assertThat(client.kv().getPrefix("app/")).extracting(KeyValue::keyAsString).containsExactly("app/a", "app/b");
            assertThat(client.kv().putIfAbsent("app/lock", "me")).isTrue();
            assertThat(client.kv().putIfAbsent("app/lock", "you")).isFalse();
            assertThat(client.kv().delete("app/a")).isEqualTo(1);
            assertThat(client.kv().get("app/a")).isEmpty();

            try (CairnClient anonymous = CairnClient.builder().endpoint(dev.endpoint()).build()) {
                assertThatThrownBy(() -> anonymous.kv().get("app/b"))
                        .isInstanceOfSatisfying(CairnException.class, e -> assertThat(e.code()).isEqualTo("UNAUTHENTICATED"));
            }
        }
    }
}
