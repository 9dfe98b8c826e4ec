package io.cairn.node;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * JFR events that time the store node's request path stage by stage. They cost a few
 * nanoseconds when no recording is on; with one (for example {@code jcmd <pid> JFR.start
 * settings=profile}, or {@code bin/bench --node-direct --jfr}) {@code jfr print --events
 * io.cairn.*} shows where each write and read spent its time (docs/performance.md).
 */
final class StageTimings {
    private StageTimings() {
    }

    /** One write, from its arrival at the shard leader to the applied answer. */
    @Name("io.cairn.Write")
    @Label("Shard write")
    @Category({"Cairn", "Store node"})
    @StackTrace(false)
    static final class Write extends Event {
        @Label("Shard")
        long shard;

        @Label("Revision wait")
        @Description("Waiting for a revision from the timestamp oracle (queueing behind a call in flight included)")
        @Timespan(Timespan.NANOSECONDS)
        long revisionWait;

        @Label("Raft")
        @Description("Proposal to applied answer: JRaft queues, log append with fsync, commit, state machine apply")
        @Timespan(Timespan.NANOSECONDS)
        long raft;

        @Label("Total")
        @Timespan(Timespan.NANOSECONDS)
        long total;
    }

    /** One linearizable read: JRaft's read index, then the read of the local store. */
    @Name("io.cairn.LinearizableRead")
    @Label("Linearizable read")
    @Category({"Cairn", "Store node"})
    @StackTrace(false)
    static final class LinearizableRead extends Event {
        @Label("Shard")
        long shard;

        @Label("Read index")
        @Description("Earlier writes of a read at a revision, then JRaft's read index until applied")
        @Timespan(Timespan.NANOSECONDS)
        long readIndex;

        @Label("Store read")
        @Description("Hand-off to the read executor and the range read itself")
        @Timespan(Timespan.NANOSECONDS)
        long storeRead;

        @Label("Total")
        @Timespan(Timespan.NANOSECONDS)
        long total;
    }

    /** One onApply call of a shard's state machine: the entries JRaft handed over together. */
    @Name("io.cairn.Apply")
    @Label("State machine apply")
    @Category({"Cairn", "Store node"})
    @StackTrace(false)
    static final class Apply extends Event {
        @Label("Shard")
        long shard;

        @Label("Entries")
        int entries;
    }
}
