package io.cairn.testkit.history;

import java.util.Objects;

/**
 * What a client asked the KV store to do. Every {@link Put} and {@link CompareAndSet} writes a value
 * unique in the whole history, so a value seen by a read names the write that produced it.
 */
public sealed interface KvInput {

    /** The keys this input touches when it names them exactly; empty for a prefix range. */
    default java.util.Optional<String> singleKey() {
        return switch (this) {
            case Put p -> java.util.Optional.of(p.key());
            case Get g -> java.util.Optional.of(g.key());
            case Delete d -> java.util.Optional.of(d.key());
            case CompareAndSet c -> java.util.Optional.of(c.key());
            case Range r -> java.util.Optional.empty();
        };
    }

    /** True for inputs that may change the store. */
    default boolean isWrite() {
        return this instanceof Put || this instanceof Delete || this instanceof CompareAndSet;
    }

    record Put(String key, String value) implements KvInput {
        public Put {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
        }
    }

    /** A single-key read at the latest revision (linearizable read). */
    record Get(String key) implements KvInput {
        public Get {
            Objects.requireNonNull(key, "key");
        }
    }

    /** A linearizable read of every key starting with {@code prefix}. */
    record Range(String prefix) implements KvInput {
        public Range {
            Objects.requireNonNull(prefix, "prefix");
        }

        public boolean covers(String key) {
            return key.startsWith(prefix);
        }
    }

    record Delete(String key) implements KvInput {
        public Delete {
            Objects.requireNonNull(key, "key");
        }
    }

    /** A transaction: if {@code compare} holds on {@code key}, put {@code newValue}; else do nothing. */
    record CompareAndSet(String key, Compare compare, String newValue) implements KvInput {
        public CompareAndSet {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(compare, "compare");
            Objects.requireNonNull(newValue, "newValue");
        }
    }

    /** The guard of a {@link CompareAndSet}, with etcd's semantics on a missing key. */
    sealed interface Compare {
        /** mod_revision == revision; a missing key has mod_revision 0. */
        record ModRevisionEquals(long revision) implements Compare {
        }

        /** value == value; false on a missing key, as in etcd. */
        record ValueEquals(String value) implements Compare {
            public ValueEquals {
                Objects.requireNonNull(value, "value");
            }
        }
    }
}
