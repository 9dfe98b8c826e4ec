package io.cairn.testkit.linearizability;

import java.util.HashMap;
import java.util.Map;

/**
 * The KV model's state for one partition: each key written so far, and the highest revision
 * linearized so far (a lower bound when the last write's revision is unknown). Immutable.
 */
public record KvState(Map<String, KeyState> keys, long maxRevision) {
    public static final KvState EMPTY = new KvState(Map.of(), 0);

    public KvState {
        keys = Map.copyOf(keys);
    }

    public KeyState key(String key) {
        return keys.getOrDefault(key, KeyState.ABSENT);
    }

    /** A write of {@code key} at {@code revision} (a lower bound if the key state is not exact). */
    KvState write(String key, KeyState state, long revision) {
        Map<String, KeyState> next = new HashMap<>(keys);
        next.put(key, state);
        return new KvState(next, Math.max(maxRevision, revision));
    }

    /** Learned the exact revision of a key whose last write had an unknown revision. */
    KvState pin(String key, long revision) {
        KeyState ks = key(key);
        return write(key, new KeyState(ks.value(), ks.version(), revision, true), revision);
    }

    /**
     * One key: its value (null when absent), etcd's version (0 when absent), and the revision of the
     * last write that touched it (its mod_revision when present). When {@code exact} is false the
     * revision of that write was not observed and {@code revision} is only a lower bound.
     */
    public record KeyState(String value, long version, long revision, boolean exact) {
        public static final KeyState ABSENT = new KeyState(null, 0, 0, true);

        public boolean present() {
            return value != null;
        }

        KeyState put(String newValue, long atRevision, boolean known) {
            return new KeyState(newValue, present() ? version + 1 : 1, atRevision, known);
        }

        KeyState delete(long atRevision, boolean known) {
            return new KeyState(null, 0, atRevision, known);
        }

        /** Could this key have mod_revision {@code modRevision} right now? */
        boolean mayHaveModRevision(long modRevision) {
            if (!present()) {
                return modRevision == 0;
            }
            return exact ? modRevision == revision : modRevision >= revision;
        }

        /** Could this key have a mod_revision other than {@code modRevision} right now? */
        boolean mayNotHaveModRevision(long modRevision) {
            if (!present()) {
                return modRevision != 0;
            }
            return !exact || modRevision != revision;
        }
    }
}
