package io.cairn.node.lease;

import com.google.protobuf.ByteString;
import io.cairn.api.shard.LeaseCheckpoint;
import io.cairn.api.shard.StoredLease;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * The lease home leader's deadlines, in memory only (etcd's lessor, the leader part). Built
 * from the stored leases when the replica becomes leader: a lease's deadline is then now
 * plus its checkpointed remaining TTL (or its full TTL), never earlier than it was. Renewals
 * move deadlines without a Raft write. Not thread-safe: {@link LeaseService} synchronizes.
 */
final class Lessor {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    /** One lease's leader-side state; {@code persistedRemaining} 0 means the full TTL. */
    private static final class Entry {
        final long ttl;
        long deadline;
        long lastRenew;
        long persistedRemaining;
        boolean revoking;

        Entry(long ttl, long deadline, long lastRenew, long persistedRemaining) {
            this.ttl = ttl;
            this.deadline = deadline;
            this.lastRenew = lastRenew;
            this.persistedRemaining = persistedRemaining;
        }
    }

    /** What a renewal found: the TTL to answer (0 when gone) and whether a checkpoint must reset first. */
    record Renewal(long ttl, boolean resetCheckpoint) {
    }

    private final Map<LeaseId, Entry> leases = new HashMap<>();

    void promote(List<StoredLease> stored, long now) {
        leases.clear();
        for (StoredLease s : stored) {
            long remaining = s.getRemainingTtl() > 0 ? Math.min(s.getRemainingTtl(), s.getTtl()) : s.getTtl();
            leases.put(new LeaseId(s.getTenant(), s.getId()),
                    new Entry(s.getTtl(), now + remaining * SECOND, now, s.getRemainingTtl()));
        }
    }

    /** Keeps the entries of leases still stored, adds the stored ones it lacks, drops the rest. */
    void resync(List<StoredLease> stored, long now) {
        Map<LeaseId, Entry> kept = new HashMap<>();
        for (StoredLease s : stored) {
            LeaseId id = new LeaseId(s.getTenant(), s.getId());
            Entry entry = leases.get(id);
            if (entry == null) {
                long remaining = s.getRemainingTtl() > 0 ? Math.min(s.getRemainingTtl(), s.getTtl()) : s.getTtl();
                entry = new Entry(s.getTtl(), now + remaining * SECOND, now, s.getRemainingTtl());
            }
            kept.put(id, entry);
        }
        leases.clear();
        leases.putAll(kept);
    }

    void demote() {
        leases.clear();
    }

    int size() {
        return leases.size();
    }

    void granted(LeaseId id, long ttl, long now) {
        leases.put(id, new Entry(ttl, now + ttl * SECOND, now, 0));
    }

    void revoked(LeaseId id) {
        leases.remove(id);
    }

    void checkpointed(LeaseId id, long remaining) {
        Entry e = leases.get(id);
        if (e != null) {
            e.persistedRemaining = remaining;
        }
    }

    /** etcd's Renew: a lease that is unknown or already past its deadline answers TTL 0. */
    Renewal renew(LeaseId id, long now) {
        Entry e = leases.get(id);
        if (e == null || e.revoking || e.deadline <= now) {
            return new Renewal(0, false);
        }
        e.deadline = now + e.ttl * SECOND;
        e.lastRenew = now;
        return new Renewal(e.ttl, e.persistedRemaining != 0);
    }

    /** Whole seconds left (etcd truncates), or empty when this leader does not know the lease. */
    OptionalLong remaining(LeaseId id, long now) {
        Entry e = leases.get(id);
        return e == null ? OptionalLong.empty() : OptionalLong.of(Math.max(0, (e.deadline - now) / SECOND));
    }

    /** Leases past their deadline and not being revoked yet (at most {@code max}); marks them revoking. */
    List<LeaseId> takeExpired(long now, int max) {
        List<LeaseId> expired = new ArrayList<>();
        for (Map.Entry<LeaseId, Entry> e : leases.entrySet()) {
            if (expired.size() >= max) {
                break;
            }
            if (!e.getValue().revoking && e.getValue().deadline <= now) {
                e.getValue().revoking = true;
                expired.add(e.getKey());
            }
        }
        return expired;
    }

    /** A revoke that failed: the next tick tries again. */
    void revokeFailed(LeaseId id) {
        Entry e = leases.get(id);
        if (e != null) {
            e.revoking = false;
        }
    }

    /**
     * Checkpoints for leases silent for at least {@code max(minSilence, ttl/2)} whose remaining
     * TTL (rounded up, so a new leader never expires them early) is at least {@code minSilence}
     * below what is persisted: a silent lease is checkpointed about once per {@code minSilence},
     * and healthy keepalives (every TTL/3) never cause one.
     */
    List<LeaseCheckpoint> checkpointsDue(long now, long minSilence, int max) {
        List<LeaseCheckpoint> due = new ArrayList<>();
        for (Map.Entry<LeaseId, Entry> me : leases.entrySet()) {
            Entry e = me.getValue();
            if (due.size() >= max) {
                break;
            }
            long silence = now - e.lastRenew;
            if (e.revoking || silence < Math.max(minSilence, e.ttl * SECOND / 2)) {
                continue;
            }
            long remaining = Math.max(1, ceilSeconds(e.deadline - now));
            long persisted = e.persistedRemaining == 0 ? e.ttl : e.persistedRemaining;
            if (persisted - remaining >= Math.max(1, minSilence / SECOND)) {
                due.add(checkpoint(me.getKey(), remaining));
            }
        }
        return due;
    }

    static LeaseCheckpoint checkpoint(LeaseId id, long remaining) {
        return LeaseCheckpoint.newBuilder().setTenant(id.tenant()).setId(id.id()).setRemainingTtl(remaining).build();
    }

    private static long ceilSeconds(long nanos) {
        return nanos <= 0 ? 0 : (nanos + SECOND - 1) / SECOND;
    }

    static LeaseId id(ByteString tenant, long id) {
        return new LeaseId(tenant, id);
    }
}
