package io.cairn.node;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * Crash points in Cairn's own code around durability (issue 5): the robustness suite arms one
 * in a process it starts, and that process halts ({@link Runtime#halt}, nothing runs on the way
 * out, like {@code kill -9}) the n-th time the point is reached. Armed only by the system
 * property {@code cairn.failpoints} or else the environment variable {@code CAIRN_FAILPOINTS},
 * read once at class load: {@code apply.beforeCommit=crash} (first hit) or
 * {@code snapshot.afterSave=crash@3} (third hit), several separated by {@code ,}. When nothing
 * is armed {@link #hit} tests one static final boolean, which the JIT folds away.
 */
public final class FaultPoints {
    /** In MVCC apply, the command's write batch built, before RocksDB writes it. */
    public static final String APPLY_BEFORE_COMMIT = "apply.beforeCommit";
    /** In MVCC apply, after RocksDB wrote the batch, before the applied index moves in memory. */
    public static final String APPLY_AFTER_COMMIT = "apply.afterCommit";
    /** Before a shard's state is copied into a Raft snapshot. */
    public static final String SNAPSHOT_BEFORE_SAVE = "snapshot.beforeSave";
    /** After the snapshot's files are written, before JRaft records the snapshot. */
    public static final String SNAPSHOT_AFTER_SAVE = "snapshot.afterSave";
    /** After JRaft appended (and synced) entries to a shard's Raft log, before it acknowledges them. */
    public static final String LOG_AFTER_APPEND = "log.afterAppend";
    /** Every point, in the order above. */
    public static final List<String> ALL = List.of(APPLY_BEFORE_COMMIT, APPLY_AFTER_COMMIT, SNAPSHOT_BEFORE_SAVE,
            SNAPSHOT_AFTER_SAVE, LOG_AFTER_APPEND);
    /** The exit status of a process halted by a crash point. */
    public static final int CRASH_STATUS = 86;

    /** An armed point: crash on hit number {@code atHit} (1 = the first). */
    record Rule(String point, long atHit, AtomicLong hits) {
    }

    private static final Map<String, Rule> ARMED = parse(System.getProperty("cairn.failpoints",
            System.getenv("CAIRN_FAILPOINTS")));
    private static final boolean ENABLED = !ARMED.isEmpty();

    private FaultPoints() {
    }

    /** True if any point is armed in this process. */
    public static boolean enabled() {
        return ENABLED;
    }

    /** Marks that execution reached {@code point}; halts the JVM if it is armed and due. */
    public static void hit(String point) {
        if (ENABLED) {
            trigger(point);
        }
    }

    private static void trigger(String point) {
        Rule rule = ARMED.get(point);
        if (rule != null && rule.hits().incrementAndGet() == rule.atHit()) {
            System.err.printf(Locale.ROOT, "cairn: fault point %s reached (hit %d): crash, halting the JVM%n",
                    point, rule.atHit());
            System.err.flush();
            Runtime.getRuntime().halt(CRASH_STATUS);
        }
    }

    /** Parses {@code point=crash[@n],...}; null or blank arms nothing. */
    static Map<String, Rule> parse(String spec) {
        if (spec == null || spec.isBlank()) {
            return Map.of();
        }
        List<Rule> rules = new ArrayList<>();
        for (String item : spec.split(",")) {
            String[] kv = item.trim().split("=", 2);
            if (kv.length != 2 || !ALL.contains(kv[0].trim())) {
                throw new IllegalArgumentException("CAIRN_FAILPOINTS: '" + item + "' is not point=crash[@n] with a"
                        + " point among " + ALL);
            }
            String action = kv[1].trim();
            long at = 1;
            if (action.startsWith("crash@")) {
                at = Long.parseLong(action.substring("crash@".length()));
            } else if (!action.equals("crash")) {
                throw new IllegalArgumentException("CAIRN_FAILPOINTS: action '" + action + "' is not crash or crash@n");
            }
            if (at < 1) {
                throw new IllegalArgumentException("CAIRN_FAILPOINTS: crash@n needs n >= 1, got " + at);
            }
            rules.add(new Rule(kv[0].trim(), at, new AtomicLong()));
        }
        return rules.stream().collect(Collectors.toUnmodifiableMap(Rule::point, r -> r));
    }
}
