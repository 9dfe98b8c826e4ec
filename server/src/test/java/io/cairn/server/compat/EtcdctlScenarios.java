package io.cairn.server.compat;

import static io.cairn.server.compat.Steps.input;
import static io.cairn.server.compat.Steps.run;

import java.util.ArrayList;
import java.util.List;

/**
 * What an etcd user does with etcdctl (the seed's session and the rest of the v3 commands),
 * as scenarios run in this order on a fresh etcd and a fresh {@code cairn dev}. Each scenario
 * writes under its own prefix. Order matters: leases are listed before locks leave session
 * leases behind, and compaction comes after every read of old revisions. Cluster-level
 * commands, whose documented differences need expectations, are in {@link ClusterScenarios}.
 */
public final class EtcdctlScenarios {
    /** Lock and election names used below: their keys {@code name/<lease hex>} reveal lease ids. */
    public static final List<String> RECIPE_NAMES = List.of("dl", "de");

    private EtcdctlScenarios() {
    }

    public static List<Scenario> all() {
        List<Scenario> all = new ArrayList<>();
        all.add(ClusterScenarios.membership());
        all.add(KvScenarios.putAndGet());
        all.add(KvScenarios.ranges());
        all.add(KvScenarios.deletes());
        all.add(KvScenarios.putOptions());
        all.add(KvScenarios.transactions());
        all.add(LeaseWatchLockScenarios.leases());
        all.add(LeaseWatchLockScenarios.watches());
        all.add(LeaseWatchLockScenarios.compaction());
        all.add(LeaseWatchLockScenarios.locksAndElections());
        all.add(errors());
        all.add(ClusterScenarios.largeRequests());
        all.add(ClusterScenarios.operatorCommands());
        all.add(fromKeyDeletes());
        return all;
    }

    static Scenario errors() {
        return Scenario.of("errors",
                run("put", "", "x"),
                run("get", ""),
                run("del", ""),
                input("\nput \"\" x\n\n\n", "txn"),
                run("get", "b", "a"),
                run("del", "z", "a"),
                run("get", "k", "--rev=abc"),
                run("get", "k", "--sort-by=bogus"),
                run("get", "k", "--consistency=x"),
                run("put", "k"),
                run("del"),
                run("nosuchcommand"));
    }

    static Scenario fromKeyDeletes() {
        return Scenario.of("delete --from-key (last: it deletes to the end of the keyspace)",
                run("put", "zz/a", "1"),
                run("put", "zz/b", "2"),
                run("put", "zz/c", "3"),
                run("del", "zz/b", "--from-key", "--prev-kv"),
                run("get", "zz/", "--prefix", "--keys-only"),
                run("del", "zz/", "--from-key", "-w", "json"),
                run("get", "", "--from-key", "--keys-only"),
                run("endpoint", "health"));
    }
}
