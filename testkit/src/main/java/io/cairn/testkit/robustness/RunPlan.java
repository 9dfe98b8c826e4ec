package io.cairn.testkit.robustness;

import java.time.Duration;

/**
 * Everything random about one run, fixed by its seed: the traffic (clients, rate, bounds, the
 * clients' own seeds) and the fault schedule. The same seed gives the same plan.
 */
public record RunPlan(int index, long seed, int clients, int qps, Duration duration, int maxOps, Fault fault,
                      Duration faultAt) {

    private static final int CLIENTS = 8;

    /** Run {@code index} of a robustness session with seed {@code sessionSeed}. */
    public static RunPlan of(long sessionSeed, int index, Duration duration, FaultKind forced) {
        return of(sessionSeed, index, duration, forced, FaultKind.DEV);
    }

    /** As above, drawing the fault among {@code kinds} (the target's) unless one is forced. */
    public static RunPlan of(long sessionSeed, int index, Duration duration, FaultKind forced,
                             java.util.List<FaultKind> kinds) {
        long seed = mix(sessionSeed, index);
        java.util.Random random = new java.util.Random(seed);
        FaultKind drawn = kinds.get(random.nextInt(kinds.size()));
        FaultKind kind = forced != null ? forced : drawn;
        int qps = 100 + random.nextInt(901);
        int maxOps = (int) Math.min(Integer.MAX_VALUE, qps * duration.toSeconds());
        long ms = duration.toMillis();
        Duration faultAt = Duration.ofMillis(ms / 5 + (long) (random.nextDouble() * ms * 2 / 5));
        return new RunPlan(index, seed, CLIENTS, qps, duration, maxOps, kind.draw(random), faultAt);
    }

    /** The seed of client {@code client}'s operation stream. */
    public long clientSeed(int client) {
        return mix(seed, 1000 + client);
    }

    /** SplitMix64 of the pair: well-spread seeds for runs and clients. */
    static long mix(long a, long b) {
        long z = a + 0x9E3779B97F4A7C15L * (b + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
