package io.cairn.testkit.robustness;

import io.cairn.testkit.fault.ProxyMode;
import java.time.Duration;
import java.util.List;

/** Faults only a multi-process cluster target can take ({@link Target#cluster()}). */
sealed interface ClusterFault extends Fault {

    /** {@code kill -9} of the control-plane leader, then a restart on the same data dir. */
    record ControlPlaneKill() implements ClusterFault {
        public String name() {
            return "cp-kill";
        }

        public void inject(FaultContext ctx) {
            Target.Member leader = ctx.cluster().controlPlaneLeader();
            ctx.note("kill -9 control-plane leader " + leader.name() + " (pid " + leader.pid() + ")");
            leader.kill9();
            ctx.note("restarting " + leader.name());
            leader.restart();
            ctx.note(leader.name() + " serves again (pid " + leader.pid() + ")");
        }
    }

    /**
     * The proxies before the Raft port of some replicas of a traffic shard in {@code mode} for
     * {@code length}: {@code target} 0 = the leader's node, 1 = one follower's, 2 = both followers'
     * (each proxy carries every peer's traffic into that node: requests, and their answers).
     */
    record PeerProxy(ProxyMode mode, Duration length, int target) implements ClusterFault {
        public String name() {
            return switch (mode) {
                case ProxyMode.Blackhole b -> "peer-blackhole";
                case ProxyMode.Delay d -> "peer-delay";
                case ProxyMode.DropConnections d -> "peer-drop";
                case ProxyMode.Pass p -> "peer-pass";
            };
        }

        public void inject(FaultContext ctx) throws InterruptedException {
            Target.ClusterFaults cluster = ctx.cluster();
            List<Target.Member> nodes = cluster.trafficShardNodes(ctx.random());
            List<Target.Member> hit = switch (target) {
                case 0 -> nodes.subList(0, 1);
                case 1 -> nodes.subList(1, Math.min(2, nodes.size()));
                default -> nodes.subList(1, nodes.size());
            };
            hit.forEach(n -> cluster.peerProxy(n).mode(mode));
            ctx.note("peer proxy of " + hit.stream().map(Target.Member::name).toList() + " ("
                    + (target == 0 ? "the leader" : "followers") + " of a traffic shard; replicas leader first "
                    + nodes.stream().map(Target.Member::name).toList() + ") " + name() + " for "
                    + length.toMillis() + " ms");
            try {
                Thread.sleep(length);
            } finally {
                hit.forEach(n -> cluster.peerProxy(n).mode(ProxyMode.pass()));
                ctx.note("peer proxies pass");
            }
        }
    }

    /**
     * A network partition for {@code length}: one store node holding a replica of a traffic shard
     * ({@code leader}: the shard leader's node, else a follower's) cut from every other store node,
     * both ways, while clients and the gateway still reach it. Its own proxy holds everything the
     * peers send it; every other node's proxy holds what it sends them (each proxy tells its peers
     * apart by process, {@link io.cairn.testkit.fault.SocketOwners}). An isolated leader must stop
     * serving: a majority elects another, and no read may return what the old one still holds.
     */
    record Partition(Duration length, boolean leader) implements ClusterFault {
        public String name() {
            return "partition";
        }

        public void inject(FaultContext ctx) throws InterruptedException {
            Target.ClusterFaults cluster = ctx.cluster();
            List<Target.Member> replicas = cluster.trafficShardNodes(ctx.random());
            Target.Member cut = replicas.get(leader || replicas.size() < 2 ? 0 : 1);
            List<Target.Member> rest = cluster.storeNodes().stream().filter(n -> !n.name().equals(cut.name())).toList();
            cluster.peerProxy(cut).mode(ProxyMode.blackhole());
            rest.forEach(n -> cluster.peerProxy(n).mode(cut.name(), ProxyMode.blackhole()));
            ctx.note("partition: " + cut.name() + " (" + (leader ? "the leader" : "a follower") + " of a traffic shard;"
                    + " replicas leader first " + replicas.stream().map(Target.Member::name).toList() + ") | "
                    + rest.stream().map(Target.Member::name).toList() + " for " + length.toMillis() + " ms; its"
                    + " connections into the others: " + rest.stream().map(n -> n.name() + "="
                    + cluster.peerProxy(n).connectionsBySource().getOrDefault(cut.name(), 0L)).toList());
            try {
                Thread.sleep(length);
                ctx.note("traffic shard leaders before the heal: " + cluster.trafficLeaders());
            } finally {
                cluster.peerProxy(cut).mode(ProxyMode.pass());
                rest.forEach(n -> cluster.peerProxy(n).mode(cut.name(), null));
                ctx.note("partition heals");
            }
        }
    }

    /** Admin TransferLeader of a traffic shard to another replica, during the traffic. */
    record TransferLeader() implements ClusterFault {
        public String name() {
            return "transfer";
        }

        public void inject(FaultContext ctx) {
            ctx.note("transfer leader: " + ctx.cluster().transferLeader(ctx.random()));
        }
    }

    /** Admin SplitShard of a traffic shard between two key groups, during the traffic. */
    record Split() implements ClusterFault {
        public String name() {
            return "split";
        }

        public void inject(FaultContext ctx) {
            ctx.note("split: " + ctx.cluster().splitShard(ctx.random()));
        }
    }
}
