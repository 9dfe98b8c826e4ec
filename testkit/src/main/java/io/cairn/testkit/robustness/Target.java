package io.cairn.testkit.robustness;

import java.nio.file.Path;
import java.util.List;

/**
 * The system under test in one robustness run: real processes (members) and one client-facing
 * port. {@code cairn dev} is one member ({@link DevTarget}); a multi-process cluster adds a member
 * per process, and faults pick among them.
 */
public interface Target extends AutoCloseable {

    /** The port clients reach the etcd API on (the runner puts a fault proxy in front of it). */
    int clientPort();

    /** A credential for the client port, or null if none is needed. */
    String apiKey();

    /** Every process of the target; faults such as kill -9 or SIGSTOP choose one of them. */
    List<? extends Member> members();

    /** The process a kill or SIGSTOP hits: dev has one; a cluster picks a store node hosting a shard leader. */
    default Member faultMember(java.util.Random random) {
        return members().get(random.nextInt(members().size()));
    }

    /** Placement faults (leader transfer, split, peer proxies), if the target is a cluster. */
    default java.util.Optional<ClusterFaults> clusterFaults() {
        return java.util.Optional.empty();
    }

    /** Copies what a failing run's report needs (process output, logs, data dirs) into {@code dir}. */
    void collectArtifacts(Path dir);

    /** Stops every process. */
    @Override
    void close();

    /** One process of the target. */
    interface Member {
        String name();

        /** The OS process id, for signals. */
        long pid();

        /** {@code kill -9}: nothing runs on the way out. */
        void kill9();

        /** Starts the process again on the same data dir and ports, and waits until it serves. */
        void restart();

        /**
         * Stops the process ({@code kill -9}) and starts it again with the fault points
         * {@code failpoints} armed ({@code CAIRN_FAILPOINTS}) and frequent snapshots; returns once it
         * serves or has already crashed at a point.
         */
        void restartArmed(String failpoints);

        /** Waits up to {@code timeout} for the process to exit; true if it is gone. */
        boolean awaitExit(java.time.Duration timeout);

        /**
         * Makes sure the process runs under libfiu's {@code fiu-run} for {@link #failDiskSync}; true
         * if that took a {@code kill -9} and a restart (a cluster member), false if it already did
         * (a {@code cairn dev} target starts under it).
         */
        default boolean startForDiskFaults() {
            return false;
        }

        /** Makes every fsync of the process fail (libfiu), or stops doing so; only targets started for it. */
        default void failDiskSync(boolean fail) {
            throw new UnsupportedOperationException(name() + " was not started under fiu-run");
        }
    }

    /** What a multi-process target adds to faults. */
    interface ClusterFaults {
        /** The control-plane replica leading now. */
        Member controlPlaneLeader();

        /** The proxy every peer's Raft traffic to {@code node} goes through. */
        io.cairn.testkit.fault.FaultProxy peerProxy(Member node);

        /** Every store node. */
        List<Member> storeNodes();

        /** The store nodes hosting the replicas of a shard holding the traffic's keys, leader first. */
        List<Member> trafficShardNodes(java.util.Random random);

        /** Each traffic shard's leader as the control plane reports it now, e.g. {@code [shard 1: node-2]}. */
        String trafficLeaders();

        /** Moves the leadership of a traffic shard to another replica; says what it did. */
        String transferLeader(java.util.Random random);

        /** Splits a traffic shard between two key groups; says what it did. */
        String splitShard(java.util.Random random);
    }

    /** Fresh {@code cairn dev} processes, one per run. */
    static Factory dev() {
        return DevTarget.factory();
    }

    /** Fresh local clusters (3 control-plane replicas, 3 store nodes, 1 gateway), one per run. */
    static Factory cluster() {
        return ClusterTarget.factory();
    }

    /** Starts a fresh target whose files live under {@code dir}. */
    interface Factory {
        Target start(Path dir);

        /** Starts a target for a run whose fault is {@code fault} (a disk fault needs fiu-run). */
        default Target start(Path dir, Fault fault) {
            return start(dir);
        }

        /** The fault kinds runs on these targets draw among. */
        default List<FaultKind> faultKinds() {
            return FaultKind.DEV;
        }
    }
}
