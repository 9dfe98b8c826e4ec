package io.cairn.controlplane;

/**
 * How the control plane schedules operators. Tests shrink the delays and thresholds.
 *
 * @param intervalMs how often the leader runs its checkers and schedulers
 * @param replicaRepairDelayMs a replica on a node DOWN for longer is rebuilt elsewhere
 * @param splitSizeBytes a shard whose leader reports more bytes is split
 * @param splitKeys a shard whose leader reports more keys is split
 * @param mergeEnabled whether small adjacent shards are merged (on by default; a frozen merge source is
 *     always finished)
 * @param mergeSizeBytes adjacent shards both below this size (and {@code mergeKeys}) may merge
 * @param mergeKeys adjacent shards both below this many keys (and {@code mergeSizeBytes}) may merge
 * @param mergeDelayMs a shard is merged only this long after it was created or last split or merged
 *     (so split and merge do not flap)
 * @param maxOperators running operators at most, cluster-wide (admin requests are not limited)
 * @param maxOperatorsPerNode running operators touching one node at most
 * @param stepTimeoutMs a step not done within this is cancelled (TIMED_OUT)
 * @param learnerTimeoutMs as {@code stepTimeoutMs} for AddLearner, which waits for a snapshot
 * @param balanceTolerance replica or leader counts are balanced when max - min is at most
 *     {@code max(balanceTolerance, 5% of the largest count)}
 */
public record SchedulingConfig(
        long intervalMs,
        long replicaRepairDelayMs,
        long splitSizeBytes,
        long splitKeys,
        boolean mergeEnabled,
        long mergeSizeBytes,
        long mergeKeys,
        long mergeDelayMs,
        int maxOperators,
        int maxOperatorsPerNode,
        long stepTimeoutMs,
        long learnerTimeoutMs,
        int balanceTolerance) {

    public static final long DEFAULT_INTERVAL_MS = 1_000;
    public static final long DEFAULT_REPLICA_REPAIR_DELAY_MS = 60_000;
    public static final long DEFAULT_SPLIT_SIZE_BYTES = 96L << 20;
    public static final long DEFAULT_SPLIT_KEYS = 1_000_000;
    public static final long DEFAULT_MERGE_SIZE_BYTES = 20L << 20;
    public static final long DEFAULT_MERGE_KEYS = 200_000;
    public static final long DEFAULT_MERGE_DELAY_MS = 10 * 60_000L;
    public static final int DEFAULT_MAX_OPERATORS = 16;
    public static final int DEFAULT_MAX_OPERATORS_PER_NODE = 4;
    public static final long DEFAULT_STEP_TIMEOUT_MS = 60_000;
    public static final long DEFAULT_LEARNER_TIMEOUT_MS = 10 * 60_000L;
    public static final int DEFAULT_BALANCE_TOLERANCE = 1;

    public SchedulingConfig {
        if (intervalMs <= 0 || maxOperators <= 0 || maxOperatorsPerNode <= 0 || stepTimeoutMs <= 0
                || learnerTimeoutMs <= 0 || balanceTolerance < 1 || splitSizeBytes <= 0 || splitKeys <= 0) {
            throw new IllegalArgumentException("bad scheduling configuration: " + intervalMs + ", "
                    + maxOperators + ", " + maxOperatorsPerNode + ", " + stepTimeoutMs + ", " + learnerTimeoutMs
                    + ", " + balanceTolerance + ", " + splitSizeBytes + ", " + splitKeys);
        }
    }

    public static SchedulingConfig defaults() {
        return new SchedulingConfig(DEFAULT_INTERVAL_MS, DEFAULT_REPLICA_REPAIR_DELAY_MS,
                DEFAULT_SPLIT_SIZE_BYTES, DEFAULT_SPLIT_KEYS, true, DEFAULT_MERGE_SIZE_BYTES,
                DEFAULT_MERGE_KEYS, DEFAULT_MERGE_DELAY_MS, DEFAULT_MAX_OPERATORS,
                DEFAULT_MAX_OPERATORS_PER_NODE, DEFAULT_STEP_TIMEOUT_MS, DEFAULT_LEARNER_TIMEOUT_MS,
                DEFAULT_BALANCE_TOLERANCE);
    }

    public SchedulingConfig withIntervalMs(long value) {
        return new SchedulingConfig(value, replicaRepairDelayMs, splitSizeBytes, splitKeys, mergeEnabled,
                mergeSizeBytes, mergeKeys, mergeDelayMs, maxOperators, maxOperatorsPerNode, stepTimeoutMs,
                learnerTimeoutMs, balanceTolerance);
    }

    public SchedulingConfig withReplicaRepairDelayMs(long value) {
        return new SchedulingConfig(intervalMs, value, splitSizeBytes, splitKeys, mergeEnabled,
                mergeSizeBytes, mergeKeys, mergeDelayMs, maxOperators, maxOperatorsPerNode, stepTimeoutMs,
                learnerTimeoutMs, balanceTolerance);
    }

    public SchedulingConfig withSplit(long sizeBytes, long keys) {
        return new SchedulingConfig(intervalMs, replicaRepairDelayMs, sizeBytes, keys, mergeEnabled,
                mergeSizeBytes, mergeKeys, mergeDelayMs, maxOperators, maxOperatorsPerNode, stepTimeoutMs,
                learnerTimeoutMs, balanceTolerance);
    }

    public SchedulingConfig withMerge(boolean enabled, long sizeBytes, long keys, long delayMs) {
        return new SchedulingConfig(intervalMs, replicaRepairDelayMs, splitSizeBytes, splitKeys, enabled,
                sizeBytes, keys, delayMs, maxOperators, maxOperatorsPerNode, stepTimeoutMs,
                learnerTimeoutMs, balanceTolerance);
    }

    public SchedulingConfig withLimits(int global, int perNode) {
        return new SchedulingConfig(intervalMs, replicaRepairDelayMs, splitSizeBytes, splitKeys, mergeEnabled,
                mergeSizeBytes, mergeKeys, mergeDelayMs, global, perNode, stepTimeoutMs,
                learnerTimeoutMs, balanceTolerance);
    }

    public SchedulingConfig withTimeouts(long stepMs, long learnerMs) {
        return new SchedulingConfig(intervalMs, replicaRepairDelayMs, splitSizeBytes, splitKeys, mergeEnabled,
                mergeSizeBytes, mergeKeys, mergeDelayMs, maxOperators, maxOperatorsPerNode, stepMs,
                learnerMs, balanceTolerance);
    }
}
