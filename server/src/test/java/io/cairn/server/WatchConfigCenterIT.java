package io.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.testkit.CairnDevProcess;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed's config center with jetcd, unmodified: an application loads its configuration with a
 * get, then watches from the next revision and applies every change in order; it reconnects
 * (its own restart, then a restart of the server) and resumes from the last revision it applied,
 * missing nothing and applying nothing twice.
 */
class WatchConfigCenterIT {
    private static final ByteSequence PREFIX = bytes("app/config/");

    @TempDir
    static Path tmp;
    static CairnDevProcess dev;

    @BeforeAll
    static void start() {
        dev = CairnDevProcess.start(tmp.resolve("data"));
    }

    @AfterAll
    static void stop() {
        if (dev != null) {
            dev.close();
        }
    }

    static ByteSequence bytes(String s) {
        return ByteSequence.from(s, StandardCharsets.UTF_8);
    }

    /** The application side: a local copy of the configuration kept up to date by a watch. */
    static final class ConfigWatcher implements AutoCloseable {
        final Map<String, String> config = Collections.synchronizedMap(new TreeMap<>());
        final List<Long> revisions = Collections.synchronizedList(new ArrayList<>());
        final Client client;
        volatile long lastRevision;
        Watch.Watcher watcher;

        ConfigWatcher(String endpoint) {
            client = Client.builder().endpoints("http://" + endpoint).build();
        }

        void load() throws Exception {
            GetResponse snapshot = client.getKVClient().get(PREFIX, GetOption.builder().isPrefix(true).build())
                    .get(20, TimeUnit.SECONDS);
            snapshot.getKvs().forEach(kv -> config.put(kv.getKey().toString(StandardCharsets.UTF_8),
                    kv.getValue().toString(StandardCharsets.UTF_8)));
            watchFrom(snapshot.getHeader().getRevision() + 1);
        }

        void watchFrom(long revision) {
            lastRevision = revision - 1;
            watcher = client.getWatchClient().watch(PREFIX,
                    WatchOption.builder().isPrefix(true).withRevision(revision).build(),
                    response -> response.getEvents().forEach(this::apply));
        }

        private void apply(WatchEvent event) {
            String key = event.getKeyValue().getKey().toString(StandardCharsets.UTF_8);
            long revision = event.getKeyValue().getModRevision();
            revisions.add(revision);
            lastRevision = revision;
            if (event.getEventType() == WatchEvent.EventType.DELETE) {
                config.remove(key);
            } else {
                config.put(key, event.getKeyValue().getValue().toString(StandardCharsets.UTF_8));
            }
        }

        @Override
        public void close() {
            if (watcher != null) {
                watcher.close();
            }
            client.close();
        }
    }

    @Test
    void everyChangeInOrderAcrossReconnects() throws Exception {
        try (Client admin = Client.builder().endpoints("http://" + dev.endpoint()).build()) {
            List<Long> written = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                written.add(change(admin, "app/config/key" + i, "v0"));
            }
            ConfigWatcher app = new ConfigWatcher(dev.endpoint());
            app.load();
            assertThat(app.config).hasSize(5);
            List<Long> expected = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                expected.add(change(admin, "app/config/key" + (i % 7), "v" + (i + 1)));
            }
            expected.add(admin.getKVClient().delete(bytes("app/config/key0")).get(20, TimeUnit.SECONDS)
                    .getHeader().getRevision());
            awaitApplied(app, expected.getLast());
            // The application restarts: it resumes from the last revision it applied.
            long resumeFrom = app.lastRevision + 1;
            app.close();
            for (int i = 0; i < 10; i++) {
                expected.add(change(admin, "app/config/key" + (i % 3), "w" + i));
            }
            ConfigWatcher again = new ConfigWatcher(dev.endpoint());
            again.config.putAll(app.config);
            again.watchFrom(resumeFrom);
            awaitApplied(again, expected.getLast());
            List<Long> seen = new ArrayList<>(app.revisions);
            seen.addAll(again.revisions);
            assertThat(seen).isEqualTo(expected);
            assertThat(again.config).isEqualTo(serverConfig(admin));
            again.close();
        }
    }

    @Test
    void theWatchSurvivesAServerRestart() throws Exception {
        ConfigWatcher app = new ConfigWatcher(dev.endpoint());
        try (Client admin = Client.builder().endpoints("http://" + dev.endpoint()).build()) {
            app.load();
            List<Long> expected = new ArrayList<>();
            expected.add(change(admin, "app/config/restart", "before"));
            awaitApplied(app, expected.getLast());
        }
        dev.restart();
        try (Client admin = Client.builder().endpoints("http://" + dev.endpoint()).build()) {
            long after = change(admin, "app/config/restart", "after");
            awaitApplied(app, after);
            assertThat(app.config).containsEntry("app/config/restart", "after");
            assertThat(app.revisions).isSorted().doesNotHaveDuplicates();
        } finally {
            app.close();
        }
    }

    private static long change(Client client, String key, String value) throws Exception {
        return client.getKVClient().put(bytes(key), bytes(value)).get(20, TimeUnit.SECONDS).getHeader().getRevision();
    }

    private static void awaitApplied(ConfigWatcher app, long revision) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> app.lastRevision >= revision);
    }

    private static Map<String, String> serverConfig(Client client) throws Exception {
        Map<String, String> config = new TreeMap<>();
        client.getKVClient().get(PREFIX, GetOption.builder().isPrefix(true).build()).get(20, TimeUnit.SECONDS)
                .getKvs().forEach(kv -> config.put(kv.getKey().toString(StandardCharsets.UTF_8),
                        kv.getValue().toString(StandardCharsets.UTF_8)));
        return config;
    }
}
