package io.cairn.testkit.watch;

import java.util.Objects;

/** What a watcher watches. */
public sealed interface WatchTarget {
    boolean covers(String key);

    record Key(String key) implements WatchTarget {
        public Key {
            Objects.requireNonNull(key, "key");
        }

        @Override
        public boolean covers(String k) {
            return key.equals(k);
        }
    }

    record Prefix(String prefix) implements WatchTarget {
        public Prefix {
            Objects.requireNonNull(prefix, "prefix");
        }

        @Override
        public boolean covers(String k) {
            return k.startsWith(prefix);
        }
    }
}
