package io.cairn.node;

/** What a shard engine does when a merge command applies on its replica (apply thread). */
interface MergeEvents {

    /** This replica froze as a merge source: it ends its watches and serves nothing more. */
    void frozen();

    /** This replica absorbed a merge source: it snapshots soon, so no later catch-up replays the merge. */
    void absorbed();
}
