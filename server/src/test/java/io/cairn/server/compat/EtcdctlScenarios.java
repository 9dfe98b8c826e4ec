package io.cairn.server.compat;

import static io.cairn.server.compat.Steps.await;
import static io.cairn.server.compat.Steps.awaitKeys;
import static io.cairn.server.compat.Steps.input;
import static io.cairn.server.compat.Steps.mark;
import static io.cairn.server.compat.Steps.run;
import static io.cairn.server.compat.Steps.start;
import static io.cairn.server.compat.Steps.stop;

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
        all.add(putAndGet());
        all.add(ranges());
        all.add(deletes());
        all.add(putOptions());
        all.add(transactions());
        all.add(leases());
        all.add(watches());
        all.add(compaction());
        all.add(locksAndElections());
        all.add(errors());
        all.add(ClusterScenarios.largeRequests());
        all.add(ClusterScenarios.operatorCommands());
        all.add(fromKeyDeletes());
        return all;
    }

    static Scenario putAndGet() {
        return Scenario.of("put and get",
                run("put", "name", "wuuu"),
                run("get", "name"),
                run("get", "missing"),
                run("get", "name", "-w", "json"),
                run("get", "name", "-w", "fields"),
                run("get", "name", "--print-value-only"),
                run("get", "name", "--keys-only"),
                run("get", "name", "--hex"),
                run("get", "name", "--hex", "--print-value-only"),
                run("get", "name", "-w", "json", "--hex"),
                run("put", "name", "v2", "--prev-kv"),
                run("put", "name", "v3", "--prev-kv", "-w", "json"),
                run("put", "name", "v4", "-w", "fields"),
                run("get", "name", "--consistency=s"),
                run("get", "name", "--consistency=s", "-w", "json"),
                run("get", "name", "--rev=0"),
                run("get", "name", "--rev=-1"),
                input("from stdin\n", "put", "kv/stdin"),
                run("get", "kv/stdin", "-w", "json"),
                run("put", "kv/dash", "--", "-leading-dash"),
                run("get", "kv/dash", "--print-value-only"),
                run("put", "kv/utf", "héllo wörld ✓"),
                run("get", "kv/utf", "-w", "json"),
                run("put", "kv/empty", ""),
                run("get", "kv/empty", "-w", "json"),
                run("get", "kv/empty"));
    }

    static Scenario ranges() {
        List<Step> steps = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            steps.add(run("put", "svc/" + i, "v" + (6 - i)));
        }
        steps.addAll(List.of(
                run("put", "svc/3", "v3-again"),
                run("put", "svc/1", "v5-again"),
                run("get", "svc/", "--prefix"),
                run("get", "svc/", "--prefix", "--limit=2"),
                run("get", "svc/", "--prefix", "--limit=2", "-w", "json"),
                run("get", "svc/", "--prefix", "--limit=1", "-w", "fields"),
                run("get", "svc/", "--prefix", "--keys-only", "-w", "json"),
                run("get", "svc/", "--prefix", "--sort-by=KEY", "--order=DESCEND", "--keys-only"),
                run("get", "svc/", "--prefix", "--order=DESCEND", "--keys-only"),
                run("get", "svc/", "--prefix", "--sort-by=KEY"),
                run("get", "svc/", "--prefix", "--sort-by=VALUE", "--order=ASCEND", "--print-value-only"),
                run("get", "svc/", "--prefix", "--sort-by=VERSION", "--order=DESCEND", "--keys-only"),
                run("get", "svc/", "--prefix", "--sort-by=CREATE", "--order=DESCEND", "--keys-only"),
                run("get", "svc/", "--prefix", "--sort-by=MODIFY", "--order=DESCEND", "--limit=2"),
                run("get", "svc/", "--prefix", "--sort-by=MODIFY", "--order=ASCEND", "--limit=3", "-w", "json"),
                run("get", "svc/", "--prefix", "--order=sideways"),
                run("get", "svc/2", "svc/4"),
                run("get", "svc/4", "svc/2"),
                run("get", "svc/3", "--from-key", "--keys-only"),
                run("get", "svc/3", "--from-key", "--keys-only", "--limit=1", "-w", "json"),
                run("get", "", "--from-key", "--keys-only"),
                run("get", "", "--prefix", "--keys-only", "--limit=3"),
                run("put", "\u00ff\u00fe", "high bytes"),
                run("get", "\u00ff", "--prefix", "--hex"),
                run("get", "\u00ff", "--from-key", "-w", "json"),
                run("put", "multi/line", "a\nb"),
                run("get", "multi/line", "-w", "json"),
                mark("s3", "svc/3"),
                run("put", "svc/3", "v3-third"),
                run("get", "svc/3", "--rev={s3}"),
                run("get", "svc/3", "--rev={s3-1}"),
                run("get", "svc/", "--prefix", "--rev={s3}", "--keys-only", "-w", "json"),
                run("get", "svc/", "--prefix", "--consistency=s", "--limit=2", "--print-value-only")));
        return new Scenario("ranges, limits, sorting, revisions", steps);
    }

    static Scenario deletes() {
        return Scenario.of("delete",
                run("put", "del/a", "1"), run("put", "del/b", "2"), run("put", "del/c", "3"),
                run("put", "del/d", "4"), run("put", "del/e", "5"), run("put", "del/f", "6"),
                run("del", "del/a"),
                run("del", "del/a"),
                run("del", "del/b", "--prev-kv"),
                run("del", "del/c", "-w", "json"),
                run("del", "del/d", "del/f"),
                run("del", "del/f", "del/d"),
                run("del", "del/", "--prefix", "--prev-kv", "-w", "json"),
                run("del", "del/", "--prefix"),
                run("get", "del/", "--prefix"));
    }

    static Scenario putOptions() {
        return Scenario.of("put --ignore-value, --ignore-lease, --lease",
                run("put", "opt/k", "v1"),
                run("put", "opt/k", "--ignore-value"),
                run("get", "opt/k", "-w", "json"),
                run("put", "opt/missing", "--ignore-value"),
                run("put", "opt/k", "x", "--ignore-value"),
                run("lease", "grant", "600"),
                run("put", "opt/l", "v", "--lease={lease:1}"),
                run("put", "opt/l", "v2", "--ignore-lease"),
                run("get", "opt/l", "-w", "json"),
                run("put", "opt/l", "v3", "--ignore-lease", "--lease={lease:1}"),
                run("put", "opt/k", "v2", "--ignore-lease"),
                run("put", "opt/nolease", "x", "--ignore-lease"),
                run("put", "opt/k", "--ignore-value", "--ignore-lease"),
                run("get", "opt/", "--prefix", "-w", "json"),
                run("put", "opt/l", "v4", "--lease=zz"),
                run("lease", "revoke", "{lease:1}"),
                run("get", "opt/", "--prefix", "--keys-only"));
    }

    static Scenario transactions() {
        StringBuilder tooMany = new StringBuilder("\n");
        for (int i = 0; i < 129; i++) {
            tooMany.append("put tx/many/").append(i).append(" v\n");
        }
        tooMany.append("\n\n");
        return Scenario.of("txn",
                run("put", "tx/a", "1"),
                run("put", "tx/b", "2"),
                input("value(\"tx/a\") = \"1\"\nversion(\"tx/b\") > \"0\"\n\nput tx/a 11\nget tx/b\n\nput tx/f x\n\n", "txn"),
                input("value(\"tx/a\") = \"1\"\nversion(\"tx/b\") > \"0\"\n\nput tx/a 11\nget tx/b\n\nput tx/f x\nget tx/f\n\n", "txn"),
                input("create(\"tx/new\") = \"0\"\n\nput tx/new created\n\nget tx/new\n\n", "txn", "-w", "json"),
                input("create(\"tx/new\") = \"0\"\n\nput tx/new created\n\nget tx/new\n\n", "txn", "-w", "json"),
                mark("ta", "tx/a"),
                input("mod(\"tx/a\") = \"{ta}\"\n\ndel tx/b\n\n\n", "txn"),
                input("mod(\"tx/a\") < \"{ta}\"\n\n\nput tx/lt no\n\n", "txn"),
                input("mod(\"tx/a\") > \"{ta-1}\"\ncreate(\"tx/a\") < \"{ta}\"\n\nget tx/a\n\n\n", "txn"),
                input("value(\"tx/none\") = \"x\"\n\nput tx/none x\n\nget tx/none\n\n", "txn"),
                input("version(\"tx/none\") = \"0\"\n\nput tx/none created\n\n\n", "txn"),
                input("value(\"tx/a\") != \"zz\"\nversion(\"tx/a\") < \"5\"\n\nget tx/ --prefix\n\n\n", "txn"),
                input("value(\"tx/a\") > \"1\"\nvalue(\"tx/a\") < \"2\"\n\nget tx/a --print-value-only\n\n\n", "txn"),
                input("value(\"tx/a\") = \"11\"\n\nput tx/a 12\n\n\n", "txn", "-i"),
                input("\nget tx/a\nget tx/new --keys-only\n\n\n", "txn"),
                input("\n\n\n", "txn"),
                input("\nput tx/d 1\nput tx/d 2\n\n\n", "txn"),
                input("\nput tx/d 1\ndel tx/d\n\n\n", "txn"),
                input("\ndel tx/ --prefix\nput tx/a 3\n\n\n", "txn"),
                input("\n\nput tx/d 1\nput tx/d 2\n\n", "txn"),
                input("\nget tx/a\nget tx/a\n\n\n", "txn"),
                input("\nput tx/many/x 1\n\n\n", "txn"),
                input(tooMany.toString(), "txn"),
                input("bogus\n", "txn"),
                input("\nput tx/z --lease=zz\n\n\n", "txn"),
                run("get", "tx/", "--prefix"));
    }

    static Scenario leases() {
        return Scenario.of("leases",
                run("lease", "grant", "600"),
                run("lease", "timetolive", "{lease:2}"),
                run("put", "ls/a", "v", "--lease={lease:2}"),
                run("lease", "timetolive", "{lease:2}", "--keys"),
                run("lease", "timetolive", "{lease:2}", "--keys", "-w", "json"),
                run("put", "ls/b", "v", "--lease={lease:2}"),
                run("get", "ls/", "--prefix", "-w", "json"),
                run("get", "ls/b", "-w", "fields"),
                run("lease", "list"),
                run("lease", "list", "-w", "json"),
                run("lease", "keep-alive", "--once", "{lease:2}"),
                run("lease", "keep-alive", "--once", "{lease:2}", "-w", "json"),
                run("lease", "revoke", "{lease:2}"),
                run("get", "ls/", "--prefix"),
                run("lease", "revoke", "{lease:2}"),
                run("lease", "timetolive", "{lease:2}"),
                run("lease", "timetolive", "{lease:2}", "-w", "json"),
                run("lease", "keep-alive", "--once", "{lease:2}"),
                run("put", "ls/c", "v", "--lease={lease:2}"),
                run("lease", "list"),
                run("lease", "grant", "0"),
                run("lease", "revoke", "{lease:3}"),
                run("lease", "grant", "9000000000", "-w", "json"),
                run("lease", "revoke", "{lease:4}"),
                run("lease", "grant", "9000000001"),
                run("lease", "grant", "abc"),
                run("lease", "grant", "60", "-w", "fields"),
                run("lease", "revoke", "{lease:5}", "-w", "json"),
                run("put", "ls/x", "v", "--lease=1234"),
                run("lease", "timetolive", "1234"),
                run("lease", "timetolive", "0"),
                run("lease", "revoke", "1234"),
                run("lease", "revoke", "0"),
                run("lease", "keep-alive", "--once", "1234"),
                run("lease", "revoke", "zz"),
                run("lease", "list"),
                run("lease", "grant", "600"),
                start("keepalive", 1, "lease", "keep-alive", "{lease:6}"),
                stop("keepalive"),
                run("put", "ls/k1", "v", "--lease={lease:6}"),
                mark("lk", "ls/k1"),
                run("lease", "grant", "600"),
                run("put", "ls/k1", "moved", "--lease={lease:7}"),
                run("lease", "timetolive", "{lease:6}", "--keys"),
                run("lease", "timetolive", "{lease:7}", "--keys"),
                run("lease", "revoke", "{lease:6}"),
                run("get", "ls/k1", "--print-value-only"),
                run("lease", "revoke", "{lease:7}"),
                start("revoked", 13, "watch", "ls/k1", "--rev={lk}", "--prev-kv"),
                stop("revoked"),
                run("get", "ls/k1"),
                run("lease", "grant", "1"),
                run("put", "ls/ttl/a", "v", "--lease={lease:8}"),
                mark("lt", "ls/ttl/a"),
                awaitKeys("ls/ttl/", 0),
                run("get", "ls/ttl/", "--prefix"),
                run("lease", "timetolive", "{lease:8}", "--keys"),
                start("expired", 6, "watch", "ls/ttl/", "--prefix", "--rev={lt}"),
                stop("expired"));
    }

    static Scenario watches() {
        return Scenario.of("watch",
                run("put", "w/a", "1"),
                mark("wa", "w/a"),
                run("put", "w/a", "2"),
                run("del", "w/a"),
                run("put", "w/b", "x"),
                start("history", 9, "watch", "w/a", "--rev={wa}"),
                stop("history"),
                start("prev", 13, "watch", "w/a", "--rev={wa}", "--prev-kv"),
                stop("prev"),
                start("prefix", 12, "watch", "w/", "--prefix", "--rev={wa}"),
                stop("prefix"),
                start("range", 9, "watch", "w/a", "w/b", "--rev={wa}"),
                stop("range"),
                start("exec", 12, "watch", "w/a", "--rev={wa}", "--", "sh", "-c",
                        "echo \"$ETCD_WATCH_EVENT_TYPE $ETCD_WATCH_KEY $ETCD_WATCH_VALUE\""),
                stop("exec"),
                mark("wb", "w/b"),
                start("live", 1, "watch", "w/b", "--rev={wb}", "-w", "json"),
                run("put", "w/b", "y"),
                run("put", "w/b", "z"),
                run("del", "w/b"),
                await("live", 4),
                stop("live"),
                run("put", "w/c0", "zero"),
                mark("wc", "w/c0"),
                start("live-fields", 11, "watch", "w/c", "--prefix", "--prev-kv", "--rev={wc}", "-w", "fields"),
                run("put", "w/c1", "one"),
                run("put", "w/c1", "two"),
                run("put", "w/c2", "three"),
                run("del", "w/c", "--prefix"),
                await("live-fields", 93),
                stop("live-fields"),
                start("live-simple", 0, "watch", "w/d", "--rev={wb+1}"),
                input("\nput w/d 1\nput w/e 2\n\n\n", "txn"),
                run("put", "w/d", "3"),
                await("live-simple", 6),
                stop("live-simple"));
    }

    static Scenario compaction() {
        return Scenario.of("compaction and revisions",
                run("put", "cp/k", "v1"), mark("c1", "cp/k"),
                run("put", "cp/k", "v2"), mark("c2", "cp/k"),
                run("put", "cp/k", "v3"), mark("c3", "cp/k"),
                run("compaction", "{c2}"),
                run("get", "cp/k", "--rev={c1}"),
                run("get", "cp/k", "--rev={c2}"),
                run("get", "cp/k", "--rev={c3}", "-w", "json"),
                run("get", "cp/k", "--rev={c3+1000000000}"),
                input("\nget cp/k --rev={c3+1000000000}\n\n\n", "txn"),
                input("\nput cp/t 1\nget cp/k --rev={c3+1000000000}\n\n\n", "txn"),
                input("value(\"cp/k\") = \"nope\"\n\nget cp/k --rev={c3+1000000000}\n\nget cp/k\n\n", "txn"),
                input("\nget cp/k --rev={c1}\n\n\n", "txn"),
                input("\nget cp/k --rev=-1\n\n\n", "txn"),
                input("\nget cp/k --rev={c2}\n\n\n", "txn"),
                run("compaction", "{c2}"),
                run("compaction", "{c1}"),
                run("compaction", "{c3+1000000000}"),
                run("watch", "cp/k", "--rev={c1}"),
                start("after", 3, "watch", "cp/k", "--rev={c2}"),
                stop("after"),
                run("compaction", "--physical", "{c3}"),
                run("get", "cp/k", "--rev={c2}"),
                run("get", "cp/k", "-w", "json"),
                run("compaction", "0"),
                run("compaction", "abc"));
    }

    static Scenario locksAndElections() {
        return Scenario.of("lock and elect",
                run("lock", "dl", "--", "echo", "hi"),
                run("lock", "dl", "--", "sh", "-c", "echo $ETCD_LOCK_KEY"),
                run("lock", "--ttl=10", "dl", "--", "sh", "-c", "exit 3"),
                start("holder", 2, "lock", "dl"),
                start("waiter", 0, "lock", "dl", "--", "echo", "got it"),
                awaitKeys("dl/", 2),
                run("get", "dl/", "--prefix", "--keys-only", "--sort-by=CREATE"),
                stop("holder"),
                await("waiter", 1),
                stop("waiter"),
                run("get", "dl/", "--prefix"),
                start("campaign", 2, "elect", "de", "p1"),
                start("observe", 2, "elect", "-l", "de"),
                stop("observe"),
                run("get", "de/", "--prefix"),
                stop("campaign"),
                run("get", "de/", "--prefix"),
                start("first", 2, "elect", "de", "p1"),
                start("second", 0, "elect", "de", "p2"),
                awaitKeys("de/", 2),
                start("watcher", 2, "elect", "-l", "de"),
                run("get", "de/", "--prefix", "--sort-by=CREATE"),
                stop("first"),
                await("second", 2),
                await("watcher", 4),
                stop("watcher"),
                stop("second"),
                run("get", "de/", "--prefix"),
                run("elect", "de"),
                run("lock"));
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
