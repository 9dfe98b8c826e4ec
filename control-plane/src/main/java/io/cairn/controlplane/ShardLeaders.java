package io.cairn.controlplane;

import io.cairn.api.controlplane.ShardLeaderReport;
import io.cairn.api.meta.ShardRoute;

/** When a shard leader report changes the recorded leader/term. */
final class ShardLeaders {
    private ShardLeaders() {
    }

    /**
     * A report is taken when its term is newer than the recorded one, or when it names a
     * leader for the recorded term while none is known. Older terms are ignored.
     */
    static boolean accepts(ShardRoute route, ShardLeaderReport report) {
        if (report.getLeaderNodeId() == 0) {
            return false;
        }
        if (report.getTerm() > route.getTerm()) {
            return true;
        }
        return report.getTerm() == route.getTerm() && route.getLeaderNodeId() == 0;
    }
}
