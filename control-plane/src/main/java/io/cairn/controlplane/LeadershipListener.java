package io.cairn.controlplane;

/** Told on the Raft apply thread when this replica gains or loses leadership. */
interface LeadershipListener {
    void onLeaderStart(long term);

    void onLeaderStop();
}
